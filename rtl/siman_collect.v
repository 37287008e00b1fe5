// siman_collect: gathers a unit's fold results into one output beat.
//
// Purpose   Folds complete in order nf = 0..NF-1, so the collect register
//           is a shift register: a fold nf < NF-1 enters at the top, and
//           when fold NF-1 completes, {chunk, collect} is the whole vector
//           (fold nf at [nf*CB +: CB]) and loads the output register.
//           Shared by siman_mvu (folded) and siman_hwu (hardwired).
// Params    NF  folds per vector, >= 1
//           CB  bits of one fold's results, >= 1
// Ports     stall   the unit's global stall (m_tvalid && !m_tready): holds
//                   every register here, like the rest of the unit
//           v       a fold result is present this cycle
//           last    it is fold NF-1
// Registers collect (NF-1 folds, not reset), m_tdata (not reset), m_tvalid
//           (reset 0; next = stall || (!stall && v && last)).
// Latency   1 cycle from the last fold's result to m_tvalid.
`default_nettype none

module siman_collect #(
  parameter integer NF = 1,
  parameter integer CB = 1
) (
  input  wire             clk,
  input  wire             rst,
  input  wire             stall,
  input  wire             v,
  input  wire             last,
  input  wire [CB-1:0]    chunk,
  output reg  [NF*CB-1:0] m_tdata,
  output reg              m_tvalid
);
`ifndef SYNTHESIS
  initial begin
    if (NF < 1 || CB < 1) $fatal(1, "siman_collect: NF and CB must be >= 1");
  end
`endif

  wire out_load = !stall && v && last;
  generate
    if (NF == 1) begin : g_nf1
      always @(posedge clk) begin
        if (out_load) m_tdata <= chunk;
      end
    end else if (NF == 2) begin : g_nf2
      reg [CB-1:0] collect;
      always @(posedge clk) begin
        if (!stall && v && !last) collect <= chunk;
        if (out_load) m_tdata <= {chunk, collect};
      end
    end else begin : g_nfn
      reg [(NF-1)*CB-1:0] collect;
      always @(posedge clk) begin
        if (!stall && v && !last) collect <= {chunk, collect[(NF-1)*CB-1:CB]};
        if (out_load) m_tdata <= {chunk, collect};
      end
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) m_tvalid <= 1'b0;
    else m_tvalid <= stall || out_load;
  end
endmodule

`default_nettype wire

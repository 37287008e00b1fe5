// siman_skid_buffer: AXI4-Stream register slice with two entries.
//
// Purpose   Breaks every combinational path between its two sides:
//           s_tready, m_tvalid and m_tdata all come straight from
//           registers. Full throughput (one beat per cycle).
// Params    W  tdata width, >= 1
// Registers main (m_tdata, m_tvalid) and skid (skid_data, skid_valid);
//           s_tready = !skid_valid.
//           Per rising edge, with s_fire = s_tvalid && s_tready and
//           m_fire = m_tvalid && m_tready:
//             skid_valid: if m_fire: main <= skid, skid_valid <= 0
//             else if s_fire:
//               if (!m_tvalid || m_fire): main <= s_tdata, m_tvalid <= 1
//               else:                      skid <= s_tdata, skid_valid <= 1
//             else if m_fire: m_tvalid <= 0
// Latency   1 cycle from the input handshake to m_tvalid.
// Reset     m_tvalid = 0, skid_valid = 0 (so s_tready = 1); data not reset.
`default_nettype none

module siman_skid_buffer #(
  parameter integer W = 8
) (
  input  wire         clk,
  input  wire         rst,
  input  wire [W-1:0] s_tdata,
  input  wire         s_tvalid,
  output wire         s_tready,
  output reg  [W-1:0] m_tdata,
  output reg          m_tvalid,
  input  wire         m_tready
);
`ifndef SYNTHESIS
  initial begin
    if (W < 1) $fatal(1, "siman_skid_buffer: W must be >= 1 (got %0d)", W);
  end
`endif

  reg [W-1:0] skid_data;
  reg         skid_valid;

  assign s_tready = !skid_valid;

  wire s_fire = s_tvalid && !skid_valid;
  wire m_fire = m_tvalid && m_tready;

  always @(posedge clk) begin
    if (rst) begin
      m_tvalid <= 1'b0;
      skid_valid <= 1'b0;
    end else if (skid_valid) begin
      if (m_fire) begin
        m_tdata <= skid_data;
        skid_valid <= 1'b0;
      end
    end else if (s_fire) begin
      if (!m_tvalid || m_fire) begin
        m_tdata <= s_tdata;
        m_tvalid <= 1'b1;
      end else begin
        skid_data <= s_tdata;
        skid_valid <= 1'b1;
      end
    end else if (m_fire) begin
      m_tvalid <= 1'b0;
    end
  end
endmodule

`default_nettype wire

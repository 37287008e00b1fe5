// Self-checking case for siman_skid_buffer (KIND = 0) and siman_axis_fifo
// (KIND = 1). A source sends the sequence 0, 1, 2, ... and a sink checks
// order, AXI hold rules and occupancy. The first 100 cycles run without
// stalls (checks one beat per cycle and a 1-cycle latency); after that
// both sides stall with probability P/1000 using the DESIGN §2b
// generator (one xorshift32 drawn twice per cycle: source, then sink).
module tb_axis_case #(
  parameter integer KIND = 0,
  parameter integer DEPTH = 2,
  parameter integer W = 16,
  parameter integer P = 400,
  parameter integer SEED = 1,
  parameter integer BEATS = 3000
) (
  input  wire        clk,
  input  wire        rst,
  output reg         done,
  output reg  [31:0] errors
);
`include "tb_util.vh"
  localparam integer CAP = (KIND == 0) ? 2 : DEPTH;

  reg  [W-1:0] s_tdata;
  reg          s_tvalid;
  wire         s_tready;
  wire [W-1:0] m_tdata;
  wire         m_tvalid;
  reg          m_tready;

  generate
    if (KIND == 0) begin : g_skid
      siman_skid_buffer #(.W(W)) dut (
        .clk(clk), .rst(rst), .s_tdata(s_tdata), .s_tvalid(s_tvalid), .s_tready(s_tready),
        .m_tdata(m_tdata), .m_tvalid(m_tvalid), .m_tready(m_tready)
      );
    end else begin : g_fifo
      siman_axis_fifo #(.W(W), .DEPTH(DEPTH)) dut (
        .clk(clk), .rst(rst), .s_tdata(s_tdata), .s_tvalid(s_tvalid), .s_tready(s_tready),
        .m_tdata(m_tdata), .m_tvalid(m_tvalid), .m_tready(m_tready)
      );
    end
  endgenerate

  reg [31:0] rng, d1, d2;
  integer    cycle, sent, received, p;
  reg        held;
  reg [W-1:0] held_data;
  reg        s_fire, m_fire;

  always @(posedge clk) begin
    if (rst) begin
      rng <= SEED;
      cycle <= 0;
      sent <= 0;
      received <= 0;
      s_tvalid <= 1'b0;
      s_tdata <= 0;
      m_tready <= 1'b0;
      held <= 1'b0;
      done <= 1'b0;
      errors <= 0;
    end else if (!done) begin
      s_fire = s_tvalid && s_tready;
      m_fire = m_tvalid && m_tready;
      p = (cycle < 100) ? 0 : P;
      // AXI: a beat offered and not taken stays, unchanged
      if (held && (!m_tvalid || m_tdata !== held_data)) begin
        if (errors < 5) $display("axis KIND=%0d cycle %0d: beat withdrawn or changed while stalled", KIND, cycle);
        errors <= errors + 1;
      end
      held <= m_tvalid && !m_tready;
      held_data <= m_tdata;
      if (m_fire) begin
        if (m_tdata !== received[W-1:0]) begin
          if (errors < 5) $display("axis KIND=%0d cycle %0d: got %0d expected %0d", KIND, cycle, m_tdata, received);
          errors <= errors + 1;
        end
        received <= received + 1;
      end
      // the first beat is offered in cycle 1 (taken at its end): valid in cycle 2
      if (cycle == 2 && !m_tvalid) begin
        $display("axis KIND=%0d: first beat not valid one cycle after its handshake", KIND);
        errors <= errors + 1;
      end
      if (cycle >= 2 && cycle < 100 && !m_fire) begin
        if (errors < 5) $display("axis KIND=%0d cycle %0d: bubble without stalls", KIND, cycle);
        errors <= errors + 1;
      end
      if (sent + (s_fire ? 1 : 0) - received - (m_fire ? 1 : 0) > CAP) begin
        $display("axis KIND=%0d cycle %0d: more than %0d beats inside", KIND, cycle, CAP);
        errors <= errors + 1;
      end
      d1 = xorshift32(rng);
      d2 = xorshift32(d1);
      rng <= d2;
      if (s_fire) begin
        sent <= sent + 1;
        s_tdata <= s_tdata + 1'b1;
        s_tvalid <= (d1 % 1000) >= p;
      end else if (!s_tvalid) begin
        s_tvalid <= (d1 % 1000) >= p;
      end
      m_tready <= (d2 % 1000) >= p;
      cycle <= cycle + 1;
      if (received == BEATS) begin
        done <= 1'b1;
        $display("CASE %s DEPTH=%0d %s errors=%0d cycles=%0d", KIND == 0 ? "skid_buffer" : "axis_fifo", DEPTH,
                 errors == 0 ? "PASS" : "FAIL", errors, cycle);
      end
    end
  end
endmodule

// siman_axis_fifo: AXI4-Stream FIFO with registered flags.
//
// Purpose   Buffer between two engines. s_tready = !full and
//           m_tvalid = !empty, both registers, so neither depends on the
//           other side combinationally. m_tdata = mem[rd_ptr] (a read of
//           registers: distributed RAM / flip-flops, not BRAM).
// Params    W      tdata width, >= 1
//           DEPTH  entries, >= 2 (any value, not only powers of two)
// Registers mem[0..DEPTH-1], wr_ptr, rd_ptr (0..DEPTH-1, wrap to 0),
//           count (0..DEPTH), full = (count == DEPTH), empty = (count == 0).
//           Per rising edge, with push = s_tvalid && !full and
//           pop = !empty && m_tready:
//             push: mem[wr_ptr] <= s_tdata, wr_ptr++ (mod DEPTH)
//             pop:  rd_ptr++ (mod DEPTH)
//             count <= count + push - pop; full/empty from the new count.
//           A push and a pop may happen in the same cycle (also when
//           DEPTH - 1 entries are used, keeping full throughput).
// Latency   1 cycle from the input handshake to m_tvalid (when empty).
// Reset     wr_ptr = rd_ptr = count = 0, full = 0, empty = 1.
`default_nettype none

module siman_axis_fifo #(
  parameter integer W = 8,
  parameter integer DEPTH = 2
) (
  input  wire         clk,
  input  wire         rst,
  input  wire [W-1:0] s_tdata,
  input  wire         s_tvalid,
  output wire         s_tready,
  output wire [W-1:0] m_tdata,
  output wire         m_tvalid,
  input  wire         m_tready
);
  localparam integer PW = (DEPTH > 1) ? $clog2(DEPTH) : 1;
  localparam integer CW = $clog2(DEPTH + 1);
  localparam [31:0] LAST32 = DEPTH - 1;
  localparam [31:0] FULL32 = DEPTH;
  localparam [PW-1:0] LAST = LAST32[PW-1:0];
  localparam [CW-1:0] FULL = FULL32[CW-1:0];

`ifndef SYNTHESIS
  initial begin
    if (W < 1) $fatal(1, "siman_axis_fifo: W must be >= 1 (got %0d)", W);
    if (DEPTH < 2) $fatal(1, "siman_axis_fifo: DEPTH must be >= 2 (got %0d)", DEPTH);
  end
`endif

  reg [W-1:0]  mem [0:DEPTH-1];
  reg [PW-1:0] wr_ptr, rd_ptr;
  reg [CW-1:0] count;
  reg          full, empty;

  assign s_tready = !full;
  assign m_tvalid = !empty;
  assign m_tdata = mem[rd_ptr];

  wire push = s_tvalid && !full;
  wire pop = !empty && m_tready;
  wire [CW-1:0] count_next = count + {{(CW-1){1'b0}}, push} - {{(CW-1){1'b0}}, pop};
  wire wr_wrap = (wr_ptr == LAST);
  wire rd_wrap = (rd_ptr == LAST);

  always @(posedge clk) begin
    if (push) mem[wr_ptr] <= s_tdata;
  end

  always @(posedge clk) begin
    if (rst) begin
      wr_ptr <= {PW{1'b0}};
      rd_ptr <= {PW{1'b0}};
      count <= {CW{1'b0}};
      full <= 1'b0;
      empty <= 1'b1;
    end else begin
      if (push) wr_ptr <= wr_wrap ? {PW{1'b0}} : wr_ptr + 1'b1;
      if (pop) rd_ptr <= rd_wrap ? {PW{1'b0}} : rd_ptr + 1'b1;
      count <= count_next;
      full <= (count_next == FULL);
      empty <= (count_next == {CW{1'b0}});
    end
  end
endmodule

`default_nettype wire

// siman_popcount: number of set bits of an N-bit vector, pipelined.
//
// Purpose   count = number of ones in `in`. The AND/XNOR products of one
//           PE of the matrix-vector unit and of a hardwired lane go
//           through it.
// Params    N      input bits, >= 1
//           DEPTH  pipeline registers = latency in cycles, >= 0
//                  (0 = combinational). Placement as in siman_sumtree:
//                  with L = clog2(N) levels, min(DEPTH, L) registers
//                  spread evenly over the levels (the last level is
//                  registered), any excess delays the output (both
//                  styles place them by the same rule over their levels).
//           STYLE  1 (default): siman_cintree, full adders at level 1 and
//                  carry-chain adders with a raw bit as carry-in above:
//                  the cheapest measured on iCE40 and xc7 (about one
//                  adder LUT per input bit); 0: siman_sumtree, the
//                  balanced two-input adder tree (what the folded MVU's
//                  estimator coefficients were fitted on).
// Folding   One popcount per PE with N = SIMD. A register every 3-4
//           levels is a good default on LUT4/LUT6 fabrics
//           (DEPTH = ceil(clog2(SIMD) / 4)).
// Latency   DEPTH cycles, counted in cycles with en = 1; en = 0 holds
//           every register (a stalled pipeline keeps its contents).
// Width     CW = clog2(N + 1) (exact: the count is at most N).
// Reset     none (data-only pipeline).
`default_nettype none

module siman_popcount #(
  parameter integer N = 8,
  parameter integer DEPTH = 0,
  parameter integer STYLE = 1
) (
  input  wire                   clk,
  input  wire                   en,
  input  wire [N-1:0]           in,
  output wire [$clog2(N+1)-1:0] count
);
  localparam integer CW = $clog2(N + 1);
  localparam integer TW = 1 + $clog2(N);  // width of the generic tree's sum

`ifndef SYNTHESIS
  initial begin
    if (N < 1) $fatal(1, "siman_popcount: N must be >= 1 (got %0d)", N);
    if (DEPTH < 0) $fatal(1, "siman_popcount: DEPTH must be >= 0 (got %0d)", DEPTH);
    if (STYLE != 0 && STYLE != 1) $fatal(1, "siman_popcount: STYLE must be 0 (adder tree) or 1 (carry-in tree)");
  end
`endif

  generate
    if (STYLE == 0) begin : g_sumtree
      /* verilator lint_off UNUSEDSIGNAL */ // sum bits above CW are provably 0 (count <= N)
      wire [TW-1:0] sum;
      /* verilator lint_on UNUSEDSIGNAL */
      siman_sumtree #(.N(N), .W(1), .SIGNED(0), .DEPTH(DEPTH)) u_tree (
        .clk(clk), .en(en), .in(in), .sum(sum)
      );
      assign count = sum[CW-1:0];
    end else begin : g_cintree
      siman_cintree #(.N(N), .DEPTH(DEPTH)) u_tree (
        .clk(clk), .en(en), .in(in), .count(count)
      );
    end
  endgenerate
endmodule

`default_nettype wire

// siman_addertree: weight-gated sum of unsigned integers (first layer).
//
// Purpose   Integer-input dot product with {0,+1} weights, no multipliers:
//             SEMANTICS = 0 (and):  sum = sum_i (w[i] ? x_i : 0)
//             SEMANTICS = 1 (xnor): sum = sum_i (w[i] ? x_i : -x_i)
//           x_i = in[i*EB +: EB] is unsigned.
// Params    N          operands, >= 1
//           EB         bits per operand, >= 1
//           SEMANTICS  0 = and (unsigned sum), 1 = xnor (two's complement)
//           DEPTH      pipeline registers = latency, >= 0 (see siman_sumtree)
// Folding   One tree per PE with N = SIMD. The gate is one AND (and) or a
//           conditional negate (xnor) per operand, then siman_sumtree.
// Latency   DEPTH cycles of en = 1; en = 0 holds every register.
// Width     SUMW = EB + clog2(N) (and, unsigned),
//           SUMW = EB + 1 + clog2(N) (xnor, two's complement).
// Reset     none (data-only pipeline).
`default_nettype none

module siman_addertree #(
  parameter integer N = 8,
  parameter integer EB = 4,
  parameter integer SEMANTICS = 0,
  parameter integer DEPTH = 0
) (
  input  wire                                   clk,
  input  wire                                   en,
  input  wire [N*EB-1:0]                        in,
  input  wire [N-1:0]                           w,
  output wire [EB+SEMANTICS+$clog2(N)-1:0]      sum
);
  localparam integer LW = EB + SEMANTICS;          // gated operand width

`ifndef SYNTHESIS
  initial begin
    if (N < 1) $fatal(1, "siman_addertree: N must be >= 1 (got %0d)", N);
    if (EB < 1) $fatal(1, "siman_addertree: EB must be >= 1 (got %0d)", EB);
    if (SEMANTICS != 0 && SEMANTICS != 1) $fatal(1, "siman_addertree: SEMANTICS must be 0 (and) or 1 (xnor)");
    if (DEPTH < 0) $fatal(1, "siman_addertree: DEPTH must be >= 0 (got %0d)", DEPTH);
  end
`endif

  wire [N*LW-1:0] leaves;
  genvar i;
  generate
    for (i = 0; i < N; i = i + 1) begin : g_gate
      wire [EB-1:0] x = in[i*EB +: EB];
      if (SEMANTICS == 0) begin : g_and
        assign leaves[i*LW +: LW] = w[i] ? x : {EB{1'b0}};
      end else begin : g_xnor
        // -x in EB+1 bits two's complement; x <= 2^EB - 1 so it never overflows.
        assign leaves[i*LW +: LW] = w[i] ? {1'b0, x} : (~{1'b0, x} + 1'b1);
      end
    end
  endgenerate

  siman_sumtree #(.N(N), .W(LW), .SIGNED(SEMANTICS), .DEPTH(DEPTH)) u_tree (
    .clk(clk), .en(en), .in(leaves), .sum(sum)
  );
endmodule

`default_nettype wire

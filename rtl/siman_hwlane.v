// siman_hwlane: one lane of a hardwired layer, weights as constants.
//
// Purpose   The accumulator q of the channel that this lane computes in
//           fold f, with the weights held in the parameter MASK instead of
//           a ROM. The generator wires to `x` only the N inputs this lane
//           can ever need (under `and`, the inputs whose weight is 1 in at
//           least one of the lane's folds; under `xnor`, all of them), so
//           an `and` lane is a popcount / adder tree over the selected
//           inputs only.
//             bits, and : q = popcount(m & x)
//             bits, xnor: q = popcount(~(m ^ x))    (inverters + popcount)
//             uint, and : q = sum_{m=1} x_j
//             uint, xnor: q = sum_{m=1} x_j - sum_{m=0} x_j
//           with m = MASK[f*N +: N] the lane's weights in fold f.
// Params    N           inputs wired to the lane, >= 1
//           NF          folds (channels the lane serves, one per fold)
//           INPUT_MODE  0 = bits, 1 = uint (EB bits per element)
//           EB          bits per element when INPUT_MODE = 1
//           SEMANTICS   0 = and, 1 = xnor
//           DEPTH       pipeline registers of the tree (latency, en holds)
//           OW          output width: q in OW-bit two's complement (the
//                       planner's ACC_W; q always fits)
//           MASK        NF*N weight bits, bit f*N + j = weight of input j
//                       in fold f. With NF = 1 every gate folds into the
//                       constant: an `and` lane with an all-ones mask is a
//                       bare popcount.
// Folding   NF > 1 turns each mask bit into a small function of f (logic,
//           not a ROM); NF = 1 is fully parallel.
// Latency   DEPTH cycles of en = 1, as siman_sumtree.
// Reset     none (data only).
`default_nettype none

module siman_hwlane #(
  parameter integer N = 4,
  parameter integer NF = 1,
  parameter integer INPUT_MODE = 0,
  parameter integer EB = 1,
  parameter integer SEMANTICS = 0,
  parameter integer DEPTH = 0,
  parameter integer OW = 4,
  parameter [NF*N-1:0] MASK = {(NF*N){1'b1}}
) (
  input  wire                                        clk,
  input  wire                                        en,
  input  wire [N*((INPUT_MODE != 0) ? EB : 1)-1:0]   x,
  /* verilator lint_off UNUSEDSIGNAL */ // unused when NF = 1 (one constant mask)
  input  wire [((NF > 1) ? $clog2(NF) : 1)-1:0]      f,
  /* verilator lint_on UNUSEDSIGNAL */
  output wire [OW-1:0]                               q
);
  localparam integer PSIGNED = (INPUT_MODE != 0 && SEMANTICS != 0) ? 1 : 0;
  localparam integer PW = (INPUT_MODE == 0) ? $clog2(N + 1) : EB + SEMANTICS + $clog2(N);

`ifndef SYNTHESIS
  initial begin
    if (N < 1 || NF < 1) $fatal(1, "siman_hwlane: N and NF must be >= 1");
    if (INPUT_MODE != 0 && INPUT_MODE != 1) $fatal(1, "siman_hwlane: INPUT_MODE must be 0 or 1");
    if (SEMANTICS != 0 && SEMANTICS != 1) $fatal(1, "siman_hwlane: SEMANTICS must be 0 or 1");
    if (EB < 1) $fatal(1, "siman_hwlane: EB must be >= 1 (got %0d)", EB);
    if (DEPTH < 0) $fatal(1, "siman_hwlane: DEPTH must be >= 0 (got %0d)", DEPTH);
    if (OW < 2) $fatal(1, "siman_hwlane: OW must be >= 2 (got %0d)", OW);
  end
`endif

  wire [N-1:0] m;
  generate
    if (NF == 1) begin : g_const
      assign m = MASK;
    end else begin : g_fold
      assign m = MASK[f * N +: N];
    end
  endgenerate

  wire [PW-1:0] part;
  generate
    if (INPUT_MODE == 0) begin : g_bits
      wire [N-1:0] prod = (SEMANTICS != 0) ? ~(m ^ x) : (m & x);
      siman_popcount #(.N(N), .DEPTH(DEPTH)) u_pop (
        .clk(clk), .en(en), .in(prod), .count(part)
      );
    end else begin : g_uint
      siman_addertree #(.N(N), .EB(EB), .SEMANTICS(SEMANTICS), .DEPTH(DEPTH)) u_add (
        .clk(clk), .en(en), .in(x), .w(m), .sum(part)
      );
    end
    siman_resize #(.IW(PW), .OW(OW), .SIGNED(PSIGNED)) u_rs (.in(part), .out(q));
  endgenerate
endmodule

`default_nettype wire

// siman_hwlower: the shared input sum and per-lane combine of a hardwired
// `xnor` layer lowered onto the AND datapath.
//
// Purpose   A channel with K weight-1 inputs among n sums, under `xnor`,
//           c = popcount(~(w ^ x)). With s1 = popcount(x) over its K
//           weight-1 inputs, s0 = popcount(x) over its n - K weight-0
//           inputs and p = popcount(x) over all n (s1 + s0 = p):
//             c - (n - K) = 2*s1 - p = p - 2*s0
//           so a lane only AND-sums the smaller side (a siman_hwlane under
//           `and` whose mask selects that side) and this module adds the
//           one popcount p every lane shares:
//             SIGNS[l] = 0: q_l = 2*s_l - p   (s_l = s1, the weight-1 side)
//             SIGNS[l] = 1: q_l = p - 2*s_l   (s_l = s0, the weight-0 side)
//           The constant n - K is not added here: the planner folds it into
//           the channel's threshold or score offset (docs/numerics.md).
//           uint inputs: the same with P = sum x_j in place of p, and q_l
//           is then exactly the `xnor` sum (no constant).
// Params    IN          fan-in n of the layer, >= 1
//           PE          lanes, >= 1
//           INPUT_MODE  0 = bits, 1 = uint (EB bits per element)
//           EB          bits per element when INPUT_MODE = 1
//           DEPTH       pipeline registers of the shared sum; the same as
//                       the lanes', so p meets the s_l it belongs to
//           OW          width of s_l and q_l (the planner's ACC_W): every
//                       q_l fits, so s_l and p are taken modulo 2^OW
//           SIGNS       PE bits, SIGNS[l] = 1 when lane l sums the weight-0 side
// Ports     x  the layer's input buffer (every input), s  the PE lane sums
//           at [l*OW +: OW], q  the PE results at [l*OW +: OW].
// Latency   p: DEPTH cycles of en = 1 (siman_sumtree rule); the combine is
//           combinational, so q leaves with the lane sums it is given.
// Reset     none (data only).
`default_nettype none

module siman_hwlower #(
  parameter integer IN = 4,
  parameter integer PE = 1,
  parameter integer INPUT_MODE = 0,
  parameter integer EB = 1,
  parameter integer DEPTH = 0,
  parameter integer OW = 4,
  parameter [PE-1:0] SIGNS = {PE{1'b0}}
) (
  input  wire                                        clk,
  input  wire                                        en,
  input  wire [IN*((INPUT_MODE != 0) ? EB : 1)-1:0]  x,
  /* verilator lint_off UNUSEDSIGNAL */ // the top bit of each s_l drops out of 2*s_l modulo 2^OW
  input  wire [PE*OW-1:0]                            s,
  /* verilator lint_on UNUSEDSIGNAL */
  output wire [PE*OW-1:0]                            q
);
  localparam integer PW = (INPUT_MODE == 0) ? $clog2(IN + 1) : EB + $clog2(IN);

`ifndef SYNTHESIS
  initial begin
    if (IN < 1 || PE < 1) $fatal(1, "siman_hwlower: IN and PE must be >= 1");
    if (INPUT_MODE != 0 && INPUT_MODE != 1) $fatal(1, "siman_hwlower: INPUT_MODE must be 0 or 1");
    if (EB < 1) $fatal(1, "siman_hwlower: EB must be >= 1 (got %0d)", EB);
    if (DEPTH < 0) $fatal(1, "siman_hwlower: DEPTH must be >= 0 (got %0d)", DEPTH);
    if (OW < 2) $fatal(1, "siman_hwlower: OW must be >= 2 (got %0d)", OW);
  end
`endif

  // The shared sum, once per layer.
  wire [PW-1:0] part;
  generate
    if (INPUT_MODE == 0) begin : g_bits
      siman_popcount #(.N(IN), .DEPTH(DEPTH)) u_pop (
        .clk(clk), .en(en), .in(x), .count(part)
      );
    end else begin : g_uint
      siman_addertree #(.N(IN), .EB(EB), .SEMANTICS(0), .DEPTH(DEPTH)) u_add (
        .clk(clk), .en(en), .in(x), .w({IN{1'b1}}), .sum(part)
      );
    end
  endgenerate
  wire [OW-1:0] p;
  siman_resize #(.IW(PW), .OW(OW), .SIGNED(0)) u_rs (.in(part), .out(p));

  genvar l;
  generate
    for (l = 0; l < PE; l = l + 1) begin : g_lane
      wire [OW-1:0] s2 = {s[l*OW +: OW-1], 1'b0};
      assign q[l*OW +: OW] = SIGNS[l] ? p - s2 : s2 - p;
    end
  endgenerate
endmodule

`default_nettype wire

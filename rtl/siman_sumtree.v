// siman_sumtree: pipelined balanced adder tree.
//
// Purpose   Sums N two's-complement (SIGNED=1) or unsigned (SIGNED=0)
//           W-bit operands packed in `in` (operand i at [i*W +: W]).
//           Building block of siman_popcount and siman_addertree.
// Params    N      operands, >= 1
//           W      operand width, >= 1
//           SIGNED 1: operands and sum are two's complement; 0: unsigned
//           DEPTH  pipeline registers (latency in cycles), >= 0. With
//                  L = clog2(N) tree levels, R = min(DEPTH, L) registers
//                  sit after the levels l in 1..L where
//                  floor(l*R/L) > floor((l-1)*R/L) (evenly spread, the
//                  last level always registered when R > 0); the other
//                  DEPTH-R registers delay the sum at the output.
// Folding   Level l has ceil(N/2^l) adders of W+l bits; an odd node is
//           passed through (extended). Registers every ceil(L/DEPTH)
//           levels keep the critical path at about that many adders.
// Latency   DEPTH cycles: sum(t) = sum of in(t - DEPTH), counting only
//           cycles where en = 1 (en = 0 holds every register: the whole
//           pipeline freezes). DEPTH = 0 is purely combinational.
// Width     SUMW = W + clog2(N) (exact for any operand values).
// Reset     none: pipeline registers carry data only (power-up value is
//           unspecified; Verilator starts them at 0).
`default_nettype none

module siman_sumtree #(
  parameter integer N = 8,
  parameter integer W = 1,
  parameter integer SIGNED = 0,
  parameter integer DEPTH = 0
) (
  /* verilator lint_off UNUSEDSIGNAL */ // clk/en are unused when DEPTH = 0 (combinational tree)
  input  wire                      clk,
  input  wire                      en,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [N*W-1:0]            in,
  output wire [W+$clog2(N)-1:0]    sum
);
  localparam integer L = $clog2(N);
  localparam integer SUMW = W + L;
  localparam integer R = (DEPTH < L) ? DEPTH : L;
  localparam integer EXTRA = DEPTH - R;

  // Nodes at level l (level 0 = the operands).
  function integer nodes_at;
    input integer l;
    integer k, n;
    begin
      n = N;
      for (k = 0; k < l; k = k + 1) n = (n + 1) / 2;
      nodes_at = n;
    end
  endfunction

`ifndef SYNTHESIS
  initial begin
    if (N < 1) $fatal(1, "siman_sumtree: N must be >= 1 (got %0d)", N);
    if (W < 1) $fatal(1, "siman_sumtree: W must be >= 1 (got %0d)", W);
    if (SIGNED != 0 && SIGNED != 1) $fatal(1, "siman_sumtree: SIGNED must be 0 or 1");
    if (DEPTH < 0) $fatal(1, "siman_sumtree: DEPTH must be >= 0 (got %0d)", DEPTH);
  end
`endif

  // g_lvl[l].v holds the nodes of level l, each W+l bits, node j at
  // [j*(W+l) +: W+l]. One vector per level keeps the levels separate
  // signals (no false combinational loop through a shared vector).
  genvar l, j;
  generate
    for (l = 0; l <= L; l = l + 1) begin : g_lvl
      localparam integer NC = nodes_at(l);
      localparam integer WC = W + l;
      wire [NC*WC-1:0] v;
      if (l == 0) begin : g_leaves
        assign v = in;
      end else begin : g_adders
        localparam integer NP = nodes_at(l - 1);
        localparam integer WP = WC - 1;
        localparam integer REG = (((l * R) / L) != (((l - 1) * R) / L)) ? 1 : 0;
        for (j = 0; j < NC; j = j + 1) begin : g_node
          wire [WP-1:0] a = g_lvl[l-1].v[(2 * j) * WP +: WP];
          wire          a_ext = (SIGNED != 0) ? a[WP-1] : 1'b0;
          wire [WP:0]   s;
          if (2 * j + 1 < NP) begin : g_add
            wire [WP-1:0] b = g_lvl[l-1].v[(2 * j + 1) * WP +: WP];
            wire          b_ext = (SIGNED != 0) ? b[WP-1] : 1'b0;
            assign s = {a_ext, a} + {b_ext, b};
          end else begin : g_pass
            assign s = {a_ext, a};
          end
          if (REG != 0) begin : g_reg
            reg [WP:0] r;
            always @(posedge clk) if (en) r <= s;
            assign v[j * WC +: WC] = r;
          end else begin : g_comb
            assign v[j * WC +: WC] = s;
          end
        end
      end
    end
  endgenerate

  // Output delay line for DEPTH beyond the number of tree levels.
  wire [SUMW-1:0] root = g_lvl[L].v;
  generate
    if (EXTRA == 1) begin : g_extra1
      reg [SUMW-1:0] d;
      always @(posedge clk) if (en) d <= root;
      assign sum = d;
    end else if (EXTRA > 1) begin : g_extra
      // d[k*SUMW +: SUMW] is the sum delayed by k+1 enabled cycles.
      reg [EXTRA*SUMW-1:0] d;
      always @(posedge clk) if (en) d <= {d[(EXTRA-1)*SUMW-1:0], root};
      assign sum = d[(EXTRA-1)*SUMW +: SUMW];
    end else begin : g_noextra
      assign sum = root;
    end
  endgenerate
endmodule

`default_nettype wire

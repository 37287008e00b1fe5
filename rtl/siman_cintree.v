// siman_cintree: popcount as a binary tree of carry-in adder nodes.
//
// Purpose   count = number of ones in `in`, built for LUT + carry-chain
//           fabrics. Every node adds its two child sums AND one raw input
//           bit, so level 1 is a full adder (3 bits -> 2) instead of a
//           1-bit + 1-bit adder (2 bits -> 2, no reduction), and a level-l
//           node is exactly l+1 bits wide (it covers T(l) = 2^(l+1) - 1
//           bits). From level CHAIN_FROM up the raw bit enters the node as
//           the carry-in of a two-operand adder ({a,1} + {b,cin}, bit 0
//           dropped), which Yosys maps onto SB_CARRY / CARRY4 with one LUT
//           per sum bit: about one LUT per input bit. Levels below
//           CHAIN_FROM are plain three-operand sums that ABC packs into
//           LUTs (short chains cost more in carry-chain feed-in/feed-out
//           cells than they save). Measured in docs/architecture.md,
//           "Popcount trees measured".
// Params    N           input bits, >= 1
//           DEPTH       pipeline registers = latency in cycles, >= 0. With
//                       L = clog2(N + 1) - 1 adder levels, R = min(DEPTH, L)
//                       registers sit after the levels l in 1..L where
//                       floor(l*R/L) > floor((l-1)*R/L) (as siman_sumtree);
//                       the other DEPTH - R delay the output. A level's
//                       carry-in bits wait in their own delay line for the
//                       registers below it.
//           CHAIN_FROM  first level built as a carry-chain adder, >= 1
//                       (default 2: the fewest xc7 LUTs and within 6 % of
//                       the fewest iCE40 logic cells, measured)
// Tree      Node (l, i) covers the input bits [S(l,i), S(l,i) + T(l)),
//           S(L,0) = 0, left child (l-1, 2i) at S(l,i), right child
//           (l-1, 2i+1) at S(l,i) + T(l-1), carry-in bit S(l,i) + T(l) - 1.
//           Level-0 nodes are single input bits. Every input bit is a
//           leaf or a carry-in exactly once; bits at N and above are 0
//           (nodes wholly above N are constant 0).
// Latency   DEPTH cycles of en = 1; en = 0 holds every register.
// Width     CW = clog2(N + 1) = L + 1 (exact).
// Reset     none (data-only pipeline).
`default_nettype none

module siman_cintree #(
  parameter integer N = 8,
  parameter integer DEPTH = 0,
  parameter integer CHAIN_FROM = 2
) (
  /* verilator lint_off UNUSEDSIGNAL */ // clk/en are unused when DEPTH = 0 (combinational tree)
  input  wire                   clk,
  input  wire                   en,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [N-1:0]           in,
  output wire [$clog2(N+1)-1:0] count
);
  localparam integer CW = $clog2(N + 1);
  localparam integer L = CW - 1;
  localparam integer R = (DEPTH < L) ? DEPTH : L;
  localparam integer EXTRA = DEPTH - R;

  // Node (l, i) covers T(l) = 2^(l+1) - 1 bits from S(l, i) =
  // sum over the set bits k of i of T(l + k) = i * 2^(l+1) - popcount(i).
  // Written as localparam expressions, not constant functions: Yosys
  // evaluates a constant function call slowly, once per node.
  // POP16(i): popcount of the low 16 bits of i (L <= 15 is checked below).
`define SIMAN_CINTREE_POP16(i) ( \
    (((i) >> 0) & 1) + (((i) >> 1) & 1) + (((i) >> 2) & 1) + (((i) >> 3) & 1) + \
    (((i) >> 4) & 1) + (((i) >> 5) & 1) + (((i) >> 6) & 1) + (((i) >> 7) & 1) + \
    (((i) >> 8) & 1) + (((i) >> 9) & 1) + (((i) >> 10) & 1) + (((i) >> 11) & 1) + \
    (((i) >> 12) & 1) + (((i) >> 13) & 1) + (((i) >> 14) & 1) + (((i) >> 15) & 1))

`ifndef SYNTHESIS
  initial begin
    if (N < 1) $fatal(1, "siman_cintree: N must be >= 1 (got %0d)", N);
    if (DEPTH < 0) $fatal(1, "siman_cintree: DEPTH must be >= 0 (got %0d)", DEPTH);
    if (L > 15) $fatal(1, "siman_cintree: N must be < 65536 (got %0d)", N);
    if (CHAIN_FROM < 1) $fatal(1, "siman_cintree: CHAIN_FROM must be >= 1 (got %0d)", CHAIN_FROM);
  end
`endif

  // g_lvl[l].v holds the 2^(L-l) nodes of level l, l+1 bits each.
  genvar l, i;
  generate
    for (l = 0; l <= L; l = l + 1) begin : g_lvl
      localparam integer NC = 1 << (L - l);
      localparam integer WC = l + 1;
      /* verilator lint_off UNUSEDSIGNAL */ // nodes wholly above N are constant 0 and not read
      wire [NC*WC-1:0] v;
      /* verilator lint_on UNUSEDSIGNAL */
      if (l == 0) begin : g_leaves
        for (i = 0; i < NC; i = i + 1) begin : g_leaf
          localparam integer S = i * 2 - `SIMAN_CINTREE_POP16(i);
          if (S < N) begin : g_bit
            assign v[i] = in[S];
          end else begin : g_zero
            assign v[i] = 1'b0;
          end
        end
      end else begin : g_adders
        localparam integer REG = (((l * R) / L) != (((l - 1) * R) / L)) ? 1 : 0;
        localparam integer D = ((l - 1) * R) / L;   // registers below this level
        // This level's carry-in bits, delayed by the D registers below it.
        wire [NC-1:0] cin_now;
        /* verilator lint_off UNUSEDSIGNAL */ // carry-ins of constant-0 nodes are not read
        wire [NC-1:0] cin;
        /* verilator lint_on UNUSEDSIGNAL */
        for (i = 0; i < NC; i = i + 1) begin : g_cin
          localparam integer C = i * (1 << (l + 1)) - `SIMAN_CINTREE_POP16(i) + (1 << (l + 1)) - 2;
          if (C < N) begin : g_bit
            assign cin_now[i] = in[C];
          end else begin : g_zero
            assign cin_now[i] = 1'b0;
          end
        end
        if (D == 0) begin : g_cin0
          assign cin = cin_now;
        end else if (D == 1) begin : g_cin1
          reg [NC-1:0] d;
          always @(posedge clk) if (en) d <= cin_now;
          assign cin = d;
        end else begin : g_cind
          // d[k*NC +: NC] is the carry-in vector delayed by k+1 enabled cycles.
          reg [D*NC-1:0] d;
          always @(posedge clk) if (en) d <= {d[(D-1)*NC-1:0], cin_now};
          assign cin = d[(D-1)*NC +: NC];
        end
        for (i = 0; i < NC; i = i + 1) begin : g_node
          wire [WC-1:0] s;
          localparam integer S = i * (1 << (l + 1)) - `SIMAN_CINTREE_POP16(i);
          if (S >= N) begin : g_zero
            assign s = {WC{1'b0}};
          end else begin : g_add
            wire [WC-2:0] a = g_lvl[l-1].v[(2 * i) * (WC - 1) +: WC - 1];
            wire [WC-2:0] b = g_lvl[l-1].v[(2 * i + 1) * (WC - 1) +: WC - 1];
            if (l >= CHAIN_FROM) begin : g_chain
              // a + b + cin as one two-operand adder: bit 0 is 1 + cin,
              // whose carry is cin (the chain's carry-in); t[0] is dropped.
              /* verilator lint_off UNUSEDSIGNAL */
              wire [WC:0] t = {1'b0, a, 1'b1} + {1'b0, b, cin[i]};
              /* verilator lint_on UNUSEDSIGNAL */
              assign s = t[WC:1];
            end else begin : g_lut
              assign s = {1'b0, a} + {1'b0, b} + {{(WC-1){1'b0}}, cin[i]};
            end
          end
          if (REG != 0) begin : g_reg
            reg [WC-1:0] r;
            always @(posedge clk) if (en) r <= s;
            assign v[i * WC +: WC] = r;
          end else begin : g_comb
            assign v[i * WC +: WC] = s;
          end
        end
      end
    end
  endgenerate

  // Output delay line for DEPTH beyond the number of tree levels.
  wire [CW-1:0] root = g_lvl[L].v;
  generate
    if (EXTRA == 1) begin : g_extra1
      reg [CW-1:0] d;
      always @(posedge clk) if (en) d <= root;
      assign count = d;
    end else if (EXTRA > 1) begin : g_extra
      reg [EXTRA*CW-1:0] d;
      always @(posedge clk) if (en) d <= {d[(EXTRA-1)*CW-1:0], root};
      assign count = d[(EXTRA-1)*CW +: CW];
    end else begin : g_noextra
      assign count = root;
    end
  endgenerate
endmodule

`undef SIMAN_CINTREE_POP16

`default_nettype wire

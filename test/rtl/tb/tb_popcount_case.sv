// Self-checking case for siman_popcount (STYLE 0: adder tree; STYLE 1:
// carry-in tree, through siman_popcount when CF = 0, else siman_cintree
// with CHAIN_FROM = CF): exhaustive inputs for N <= 12 (input = running
// counter), seeded random otherwise (uniform, all zeros, all ones, sparse
// and dense vectors, so counts near 0 and N occur); random enable.
// Model: the count of the input presented DEPTH enabled cycles earlier.
module tb_popcount_case #(
  parameter integer N = 8,
  parameter integer DEPTH = 0,
  parameter integer SEED = 1,
  parameter integer STYLE = 0,
  parameter integer CF = 0
) (
  input  wire        clk,
  input  wire        rst,
  output reg         done,
  output reg  [31:0] errors
);
`include "tb_util.vh"
  localparam integer CW = $clog2(N + 1);
  localparam integer EXH = (N <= 12) ? 1 : 0;
  localparam integer CYCLES = (N <= 12) ? (1 << N) * 2 + 64 : 4000;

  reg [N-1:0]  in;
  reg          en;
  reg [31:0]   rng;
  integer      cycle, filled, k;
  wire [CW-1:0] count;
  integer      hist [0:DEPTH];

  generate
    if (STYLE == 1 && CF > 0) begin : g_ci
      siman_cintree #(.N(N), .DEPTH(DEPTH), .CHAIN_FROM(CF)) dut (.clk(clk), .en(en), .in(in), .count(count));
    end else begin : g_pop
      siman_popcount #(.N(N), .DEPTH(DEPTH), .STYLE(STYLE)) dut (.clk(clk), .en(en), .in(in), .count(count));
    end
  endgenerate

  function integer model;
    input [N-1:0] v;
    integer i;
    begin
      model = 0;
      for (i = 0; i < N; i = i + 1) model = model + (v[i] ? 1 : 0);
    end
  endfunction

  integer expected;
  reg [N+31:0] wide;
  always @(posedge clk) begin
    if (rst) begin
      rng <= SEED;
      cycle <= 0;
      filled <= 0;
      in <= {N{1'b0}};
      en <= 1'b0;
      done <= 1'b0;
      errors <= 0;
    end else if (!done) begin
      // check the current output
      expected = (DEPTH == 0) ? model(in) : hist[DEPTH-1];
      if ((DEPTH == 0 || filled >= DEPTH) && count != expected[CW-1:0]) begin
        if (errors < 5) $display("popcount STYLE=%0d CF=%0d N=%0d DEPTH=%0d cycle %0d: got %0d expected %0d", STYLE, CF, N, DEPTH, cycle, count, expected);
        errors <= errors + 1;
      end
      if (en) begin
        for (k = DEPTH; k > 0; k = k - 1) hist[k] = hist[k-1];
        hist[0] = model(in);
        filled <= filled + 1;
      end
      // next stimulus (exhaustive mode walks all inputs once the enable was high)
      rng <= xorshift32(xorshift32(rng));
      en <= (xorshift32(rng) % 4) != 0;
      if (EXH != 0) begin
        if (en) in <= in + 1'b1;
      end else begin
        for (k = 0; k < N; k = k + 32) wide[k +: 32] = xorshift32(rng ^ k);
        case (xorshift32(rng ^ 32'h5bd1e995) % 8)
          0: wide = {(N+32){1'b0}};
          1: wide = {(N+32){1'b1}};
          2: for (k = 0; k < N; k = k + 32) wide[k +: 32] = wide[k +: 32] & xorshift32(rng + k) & xorshift32(rng - k);
          3: for (k = 0; k < N; k = k + 32) wide[k +: 32] = wide[k +: 32] | xorshift32(rng + k) | xorshift32(rng - k);
          default: ;
        endcase
        in <= wide[N-1:0];
      end
      cycle <= cycle + 1;
      if (cycle == CYCLES) begin
        done <= 1'b1;
        $display("CASE popcount STYLE=%0d CF=%0d N=%0d DEPTH=%0d %s errors=%0d", STYLE, CF, N, DEPTH, errors == 0 ? "PASS" : "FAIL", errors);
      end
    end
  end
endmodule

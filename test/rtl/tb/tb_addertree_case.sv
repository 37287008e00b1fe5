// Self-checking case for siman_addertree: seeded random operands and
// weights, random enable. Model: sum_i (w_i ? x_i : (xnor ? -x_i : 0))
// of the inputs presented DEPTH enabled cycles earlier.
module tb_addertree_case #(
  parameter integer N = 8,
  parameter integer EB = 4,
  parameter integer SEMANTICS = 0,
  parameter integer DEPTH = 0,
  parameter integer SEED = 1
) (
  input  wire        clk,
  input  wire        rst,
  output reg         done,
  output reg  [31:0] errors
);
`include "tb_util.vh"
  localparam integer SUMW = EB + SEMANTICS + $clog2(N);
  localparam integer CYCLES = 3000;

  reg [N*EB-1:0] x;
  reg [N-1:0]    w;
  reg            en;
  reg [31:0]     rng;
  integer        cycle, filled, k;
  wire [SUMW-1:0] sum;
  integer        hist [0:DEPTH];
  reg [N*EB+N+63:0] wide;

  siman_addertree #(.N(N), .EB(EB), .SEMANTICS(SEMANTICS), .DEPTH(DEPTH)) dut (
    .clk(clk), .en(en), .in(x), .w(w), .sum(sum)
  );

  function integer model;
    input [N*EB-1:0] xv;
    input [N-1:0] wv;
    integer i, e;
    begin
      model = 0;
      for (i = 0; i < N; i = i + 1) begin
        e = xv[i*EB +: EB];
        if (wv[i]) model = model + e;
        else if (SEMANTICS != 0) model = model - e;
      end
    end
  endfunction

  integer expected, got;
  always @(posedge clk) begin
    if (rst) begin
      rng <= SEED;
      cycle <= 0;
      filled <= 0;
      x <= 0;
      w <= 0;
      en <= 1'b0;
      done <= 1'b0;
      errors <= 0;
    end else if (!done) begin
      expected = (DEPTH == 0) ? model(x, w) : hist[DEPTH-1];
      if (SEMANTICS != 0) got = $signed(sum); else got = $unsigned(sum);
      if ((DEPTH == 0 || filled >= DEPTH) && got != expected) begin
        if (errors < 5) $display("addertree N=%0d EB=%0d SEM=%0d DEPTH=%0d cycle %0d: got %0d expected %0d",
                                 N, EB, SEMANTICS, DEPTH, cycle, got, expected);
        errors <= errors + 1;
      end
      if (en) begin
        for (k = DEPTH; k > 0; k = k - 1) hist[k] = hist[k-1];
        hist[0] = model(x, w);
        filled <= filled + 1;
      end
      rng <= xorshift32(xorshift32(rng));
      en <= (xorshift32(rng) % 4) != 0;
      for (k = 0; k < N * EB + N; k = k + 32) wide[k +: 32] = xorshift32(rng ^ (k + 7));
      // every 8th cycle all-max operands, to hit the extremes of the range
      if (cycle % 8 == 3) x <= {N*EB{1'b1}}; else x <= wide[N*EB-1:0];
      if (cycle % 16 == 5) w <= {N{1'b0}}; else if (cycle % 16 == 13) w <= {N{1'b1}}; else w <= wide[N*EB +: N];
      cycle <= cycle + 1;
      if (cycle == CYCLES) begin
        done <= 1'b1;
        $display("CASE addertree N=%0d EB=%0d SEM=%0d DEPTH=%0d %s errors=%0d", N, EB, SEMANTICS, DEPTH,
                 errors == 0 ? "PASS" : "FAIL", errors);
      end
    end
  end
endmodule

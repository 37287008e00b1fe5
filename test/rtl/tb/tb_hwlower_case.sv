// Self-checking case for siman_hwlower: the input walks every value of
// (x, s_0) when the inputs are few (a counter of IN*EBW + OW bits, advanced
// on enabled cycles), seeded random otherwise; the other lanes' sums are
// random; random enable. Model, lane l: (SIGNS[l] ? P - 2*s_l : 2*s_l - P)
// modulo 2^OW with P = sum of x presented DEPTH enabled cycles earlier
// and s_l of this cycle.
module tb_hwlower_case #(
  parameter integer IN = 4,
  parameter integer PE = 2,
  parameter integer INPUT_MODE = 0,
  parameter integer EB = 1,
  parameter integer DEPTH = 0,
  parameter integer OW = 4,
  parameter [PE-1:0] SIGNS = 2'b10,
  parameter integer SEED = 1
) (
  input  wire        clk,
  input  wire        rst,
  output reg         done,
  output reg  [31:0] errors
);
`include "tb_util.vh"
  localparam integer EBW = (INPUT_MODE != 0) ? EB : 1;
  localparam integer XW = IN * EBW;
  localparam integer EXH = (XW + OW <= 12) ? 1 : 0;
  localparam integer CYCLES = (EXH != 0) ? (1 << (XW + OW)) * 2 + 64 : 4000;

  reg [XW-1:0]    x;
  reg [PE*OW-1:0] s;
  reg             en;
  reg [31:0]      rng;
  integer         cycle, filled, k, l;
  wire [PE*OW-1:0] q;
  integer         hist [0:DEPTH];
  reg [XW+PE*OW+63:0] wide;

  siman_hwlower #(.IN(IN), .PE(PE), .INPUT_MODE(INPUT_MODE), .EB(EB), .DEPTH(DEPTH), .OW(OW), .SIGNS(SIGNS)) dut (
    .clk(clk), .en(en), .x(x), .s(s), .q(q)
  );

  function integer total;
    input [XW-1:0] xv;
    integer i;
    begin
      total = 0;
      for (i = 0; i < IN; i = i + 1) total = total + xv[i*EBW +: EBW];
    end
  endfunction

  integer pv, sl, want;
  always @(posedge clk) begin
    if (rst) begin
      rng <= SEED;
      cycle <= 0;
      filled <= 0;
      x <= 0;
      s <= 0;
      en <= 1'b0;
      done <= 1'b0;
      errors <= 0;
    end else if (!done) begin
      pv = (DEPTH == 0) ? total(x) : hist[DEPTH-1];
      if (DEPTH == 0 || filled >= DEPTH) begin
        for (l = 0; l < PE; l = l + 1) begin
          sl = s[l*OW +: OW];
          want = SIGNS[l] ? pv - 2 * sl : 2 * sl - pv;
          if (q[l*OW +: OW] != want[OW-1:0]) begin
            if (errors < 5) $display("hwlower IN=%0d PE=%0d IM=%0d EB=%0d DEPTH=%0d OW=%0d cycle %0d lane %0d: got %0d expected %0d",
                                     IN, PE, INPUT_MODE, EB, DEPTH, OW, cycle, l, q[l*OW +: OW], want[OW-1:0]);
            errors <= errors + 1;
          end
        end
      end
      if (en) begin
        for (k = DEPTH; k > 0; k = k - 1) hist[k] = hist[k-1];
        hist[0] = total(x);
        filled <= filled + 1;
      end
      rng <= xorshift32(xorshift32(rng));
      en <= (xorshift32(rng) % 4) != 0;
      for (k = 0; k < XW + PE * OW; k = k + 32) wide[k +: 32] = xorshift32(rng ^ (k + 3));
      if (EXH != 0) begin
        if (en) {s[0 +: OW], x} <= {s[0 +: OW], x} + 1'b1;
        for (l = 1; l < PE; l = l + 1) s[l*OW +: OW] <= wide[XW + l*OW +: OW];
      end else begin
        // every 8th cycle all-max inputs, to hit the end of the range
        x <= (cycle % 8 == 3) ? {XW{1'b1}} : wide[XW-1:0];
        s <= wide[XW +: PE*OW];
      end
      cycle <= cycle + 1;
      if (cycle == CYCLES) begin
        done <= 1'b1;
        $display("CASE hwlower IN=%0d PE=%0d IM=%0d EB=%0d DEPTH=%0d OW=%0d %s errors=%0d", IN, PE, INPUT_MODE, EB, DEPTH, OW,
                 errors == 0 ? "PASS" : "FAIL", errors);
      end
    end
  end
endmodule

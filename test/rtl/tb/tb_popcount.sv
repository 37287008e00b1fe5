// Top of the popcount testbench: both tree styles (siman_sumtree and
// siman_cintree, several CHAIN_FROM), exhaustive up to N = 12, seeded
// random vectors up to N = 1100 (powers of two and not), DEPTH 0..9 with
// a random enable. Each case prints one `CASE popcount ...` line.
module tb_popcount (
  input  wire        clk,
  input  wire        rst,
  output wire        done,
  output wire [31:0] errors
);
  localparam integer NC = 25;
  wire [NC-1:0] d;
  wire [31:0]   e [0:NC-1];

  tb_popcount_case #(.N(1), .DEPTH(0), .STYLE(1), .CF(0), .SEED(101)) c0 (.clk(clk), .rst(rst), .done(d[0]), .errors(e[0]));
  tb_popcount_case #(.N(2), .DEPTH(1), .STYLE(1), .CF(0), .SEED(102)) c1 (.clk(clk), .rst(rst), .done(d[1]), .errors(e[1]));
  tb_popcount_case #(.N(3), .DEPTH(0), .STYLE(1), .CF(0), .SEED(103)) c2 (.clk(clk), .rst(rst), .done(d[2]), .errors(e[2]));
  tb_popcount_case #(.N(7), .DEPTH(2), .STYLE(1), .CF(0), .SEED(104)) c3 (.clk(clk), .rst(rst), .done(d[3]), .errors(e[3]));
  tb_popcount_case #(.N(12), .DEPTH(3), .STYLE(1), .CF(0), .SEED(105)) c4 (.clk(clk), .rst(rst), .done(d[4]), .errors(e[4]));
  tb_popcount_case #(.N(5), .DEPTH(0), .STYLE(1), .CF(1), .SEED(106)) c5 (.clk(clk), .rst(rst), .done(d[5]), .errors(e[5]));
  tb_popcount_case #(.N(11), .DEPTH(2), .STYLE(1), .CF(1), .SEED(107)) c6 (.clk(clk), .rst(rst), .done(d[6]), .errors(e[6]));
  tb_popcount_case #(.N(12), .DEPTH(1), .STYLE(1), .CF(1), .SEED(108)) c7 (.clk(clk), .rst(rst), .done(d[7]), .errors(e[7]));
  tb_popcount_case #(.N(9), .DEPTH(1), .STYLE(1), .CF(3), .SEED(109)) c8 (.clk(clk), .rst(rst), .done(d[8]), .errors(e[8]));
  tb_popcount_case #(.N(12), .DEPTH(0), .STYLE(1), .CF(3), .SEED(110)) c9 (.clk(clk), .rst(rst), .done(d[9]), .errors(e[9]));
  tb_popcount_case #(.N(10), .DEPTH(6), .STYLE(1), .CF(2), .SEED(111)) c10 (.clk(clk), .rst(rst), .done(d[10]), .errors(e[10]));
  tb_popcount_case #(.N(13), .DEPTH(0), .STYLE(1), .CF(0), .SEED(112)) c11 (.clk(clk), .rst(rst), .done(d[11]), .errors(e[11]));
  tb_popcount_case #(.N(31), .DEPTH(1), .STYLE(1), .CF(0), .SEED(113)) c12 (.clk(clk), .rst(rst), .done(d[12]), .errors(e[12]));
  tb_popcount_case #(.N(63), .DEPTH(2), .STYLE(1), .CF(0), .SEED(114)) c13 (.clk(clk), .rst(rst), .done(d[13]), .errors(e[13]));
  tb_popcount_case #(.N(64), .DEPTH(3), .STYLE(1), .CF(0), .SEED(115)) c14 (.clk(clk), .rst(rst), .done(d[14]), .errors(e[14]));
  tb_popcount_case #(.N(100), .DEPTH(1), .STYLE(1), .CF(1), .SEED(116)) c15 (.clk(clk), .rst(rst), .done(d[15]), .errors(e[15]));
  tb_popcount_case #(.N(255), .DEPTH(2), .STYLE(1), .CF(0), .SEED(117)) c16 (.clk(clk), .rst(rst), .done(d[16]), .errors(e[16]));
  tb_popcount_case #(.N(333), .DEPTH(4), .STYLE(1), .CF(4), .SEED(118)) c17 (.clk(clk), .rst(rst), .done(d[17]), .errors(e[17]));
  tb_popcount_case #(.N(1024), .DEPTH(3), .STYLE(1), .CF(0), .SEED(119)) c18 (.clk(clk), .rst(rst), .done(d[18]), .errors(e[18]));
  tb_popcount_case #(.N(1100), .DEPTH(2), .STYLE(1), .CF(0), .SEED(120)) c19 (.clk(clk), .rst(rst), .done(d[19]), .errors(e[19]));
  tb_popcount_case #(.N(1100), .DEPTH(0), .STYLE(1), .CF(1), .SEED(121)) c20 (.clk(clk), .rst(rst), .done(d[20]), .errors(e[20]));
  tb_popcount_case #(.N(500), .DEPTH(9), .STYLE(1), .CF(0), .SEED(122)) c21 (.clk(clk), .rst(rst), .done(d[21]), .errors(e[21]));
  tb_popcount_case #(.N(12), .DEPTH(2), .STYLE(0), .CF(0), .SEED(123)) c22 (.clk(clk), .rst(rst), .done(d[22]), .errors(e[22]));
  tb_popcount_case #(.N(1100), .DEPTH(3), .STYLE(0), .CF(0), .SEED(124)) c23 (.clk(clk), .rst(rst), .done(d[23]), .errors(e[23]));
  tb_popcount_case #(.N(257), .DEPTH(2), .STYLE(0), .CF(0), .SEED(125)) c24 (.clk(clk), .rst(rst), .done(d[24]), .errors(e[24]));

  assign done = &d;
  integer i;
  reg [31:0] sum;
  always @* begin
    sum = 0;
    for (i = 0; i < NC; i = i + 1) sum = sum + e[i];
  end
  assign errors = sum;
endmodule

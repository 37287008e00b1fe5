// Cases of siman_window: conv windows (kernel 1-5, stride 1-3, padding
// 0-2, odd sizes, uint elements), pooling (OR/AND per channel, stride !=
// kernel), gather (whole image), light and heavy back-pressure.
module tb_window_top (
  input  wire        clk,
  input  wire        rst,
  output wire        done,
  output wire [31:0] errors
);
  localparam integer N = 12;
  wire [N-1:0] d;
  wire [31:0] e [0:N-1];
  tb_window_case #(.ID(0)) c0 (.clk(clk), .rst(rst), .done(d[0]), .errors(e[0]));
  tb_window_case #(.ID(1), .C(3), .H(5), .W(5), .KH(5), .KW(1), .SH(2), .SW(1), .PH(2), .PW(0), .EBW(4), .PAD(0), .SEED(3))
    c1 (.clk(clk), .rst(rst), .done(d[1]), .errors(e[1]));
  tb_window_case #(.ID(2), .C(4), .H(5), .W(7), .KH(2), .KW(2), .SH(2), .SW(2), .PH(0), .PW(0), .PAD(0), .POOL(1), .OPS(4'b0110), .SEED(11))
    c2 (.clk(clk), .rst(rst), .done(d[2]), .errors(e[2]));
  tb_window_case #(.ID(3), .C(2), .H(5), .W(5), .KH(3), .KW(2), .SH(1), .SW(3), .PH(0), .PW(0), .PAD(0), .POOL(1), .OPS(2'b01), .SEED(5))
    c3 (.clk(clk), .rst(rst), .done(d[3]), .errors(e[3]));
  tb_window_case #(.ID(4), .C(3), .H(3), .W(2), .KH(3), .KW(2), .SH(1), .SW(1), .PH(0), .PW(0), .PAD(0), .SEED(9))
    c4 (.clk(clk), .rst(rst), .done(d[4]), .errors(e[4]));
  tb_window_case #(.ID(5), .C(1), .H(1), .W(1), .KH(3), .KW(3), .SH(2), .SW(1), .PH(1), .PW(1), .PAD(1), .P(500), .SEED(13))
    c5 (.clk(clk), .rst(rst), .done(d[5]), .errors(e[5]));
  tb_window_case #(.ID(6), .C(1), .H(7), .W(6), .KH(1), .KW(1), .SH(2), .SW(2), .PH(0), .PW(0), .EBW(3), .PAD(0), .SEED(17))
    c6 (.clk(clk), .rst(rst), .done(d[6]), .errors(e[6]));
  tb_window_case #(.ID(7), .C(2), .H(6), .W(7), .KH(4), .KW(5), .SH(2), .SW(1), .PH(2), .PW(2), .EBW(2), .PAD(2), .SEED(19))
    c7 (.clk(clk), .rst(rst), .done(d[7]), .errors(e[7]));
  tb_window_case #(.ID(8), .C(5), .H(9), .W(3), .KH(3), .KW(3), .SH(1), .SW(1), .PH(0), .PW(1), .PAD(0), .SEED(23))
    c8 (.clk(clk), .rst(rst), .done(d[8]), .errors(e[8]));
  tb_window_case #(.ID(9), .C(2), .H(1), .W(5), .KH(1), .KW(5), .SH(1), .SW(1), .PH(0), .PW(0), .PAD(0), .SEED(29))
    c9 (.clk(clk), .rst(rst), .done(d[9]), .errors(e[9]));
  tb_window_case #(.ID(10), .C(3), .H(6), .W(6), .KH(3), .KW(3), .SH(3), .SW(3), .PH(0), .PW(0), .PAD(0), .POOL(1), .OPS(3'b101), .SEED(31))
    c10 (.clk(clk), .rst(rst), .done(d[10]), .errors(e[10]));
  tb_window_case #(.ID(11), .C(1), .H(4), .W(4), .KH(2), .KW(2), .SH(1), .SW(1), .PH(1), .PW(0), .PAD(1), .P(800), .SEED(37))
    c11 (.clk(clk), .rst(rst), .done(d[11]), .errors(e[11]));
  assign done = &d;
  assign errors = e[0] + e[1] + e[2] + e[3] + e[4] + e[5] + e[6] + e[7] + e[8] + e[9] + e[10] + e[11];
endmodule

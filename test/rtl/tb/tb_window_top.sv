// Cases of siman_window: conv windows (padding, stride, uint elements),
// pooling (OR/AND per channel, stride != kernel), gather (whole image).
module tb_window_top (
  input  wire        clk,
  input  wire        rst,
  output wire        done,
  output wire [31:0] errors
);
  localparam integer N = 6;
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
  assign done = &d;
  assign errors = e[0] + e[1] + e[2] + e[3] + e[4] + e[5];
endmodule

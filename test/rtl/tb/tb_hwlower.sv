// Top of the siman_hwlower testbench: bits and uint cases side by side
// (one exhaustive walk per tiny size, random beyond), errors summed.
module tb_hwlower (
  input  wire        clk,
  input  wire        rst,
  output wire        done,
  output wire [31:0] errors
);
  localparam integer NC = 7;
  wire [NC-1:0] d;
  wire [31:0]   e [0:NC-1];

  tb_hwlower_case #(.IN(1), .PE(2), .DEPTH(0), .OW(2), .SIGNS(2'b10), .SEED(51)) c0 (.clk(clk), .rst(rst), .done(d[0]), .errors(e[0]));
  tb_hwlower_case #(.IN(5), .PE(2), .DEPTH(0), .OW(5), .SIGNS(2'b10), .SEED(52)) c1 (.clk(clk), .rst(rst), .done(d[1]), .errors(e[1]));
  tb_hwlower_case #(.IN(6), .PE(2), .DEPTH(1), .OW(4), .SIGNS(2'b01), .SEED(53)) c2 (.clk(clk), .rst(rst), .done(d[2]), .errors(e[2]));
  tb_hwlower_case #(.IN(3), .PE(1), .DEPTH(2), .OW(3), .SIGNS(1'b1), .SEED(54)) c3 (.clk(clk), .rst(rst), .done(d[3]), .errors(e[3]));
  tb_hwlower_case #(.IN(40), .PE(3), .DEPTH(2), .OW(7), .SIGNS(3'b101), .SEED(55)) c4 (.clk(clk), .rst(rst), .done(d[4]), .errors(e[4]));
  tb_hwlower_case #(.IN(2), .PE(2), .INPUT_MODE(1), .EB(3), .DEPTH(0), .OW(5), .SIGNS(2'b10), .SEED(56)) c5 (.clk(clk), .rst(rst), .done(d[5]), .errors(e[5]));
  tb_hwlower_case #(.IN(9), .PE(2), .INPUT_MODE(1), .EB(4), .DEPTH(1), .OW(9), .SIGNS(2'b01), .SEED(57)) c6 (.clk(clk), .rst(rst), .done(d[6]), .errors(e[6]));

  assign done = &d;
  integer i;
  reg [31:0] sum;
  always @* begin
    sum = 0;
    for (i = 0; i < NC; i = i + 1) sum = sum + e[i];
  end
  assign errors = sum;
endmodule

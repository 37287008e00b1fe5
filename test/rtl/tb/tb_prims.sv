// Top of the primitive testbenches: every case runs side by side; done
// when all are done, errors summed. Each case prints one `CASE ...` line.
module tb_prims (
  input  wire        clk,
  input  wire        rst,
  output wire        done,
  output wire [31:0] errors
);
  localparam integer NC = 22;
  wire [NC-1:0] d;
  wire [31:0]   e [0:NC-1];

  tb_popcount_case #(.N(1),  .DEPTH(0), .SEED(11)) c0  (.clk(clk), .rst(rst), .done(d[0]),  .errors(e[0]));
  tb_popcount_case #(.N(7),  .DEPTH(1), .SEED(12)) c1  (.clk(clk), .rst(rst), .done(d[1]),  .errors(e[1]));
  tb_popcount_case #(.N(10), .DEPTH(2), .SEED(13)) c2  (.clk(clk), .rst(rst), .done(d[2]),  .errors(e[2]));
  tb_popcount_case #(.N(8),  .DEPTH(0), .SEED(14)) c3  (.clk(clk), .rst(rst), .done(d[3]),  .errors(e[3]));
  tb_popcount_case #(.N(37), .DEPTH(3), .SEED(15)) c4  (.clk(clk), .rst(rst), .done(d[4]),  .errors(e[4]));
  tb_popcount_case #(.N(64), .DEPTH(8), .SEED(16)) c5  (.clk(clk), .rst(rst), .done(d[5]),  .errors(e[5]));
  tb_popcount_case #(.N(3),  .DEPTH(4), .SEED(17)) c6  (.clk(clk), .rst(rst), .done(d[6]),  .errors(e[6]));
  tb_addertree_case #(.N(1),  .EB(3), .SEMANTICS(0), .DEPTH(0), .SEED(21)) c7  (.clk(clk), .rst(rst), .done(d[7]),  .errors(e[7]));
  tb_addertree_case #(.N(5),  .EB(4), .SEMANTICS(0), .DEPTH(1), .SEED(22)) c8  (.clk(clk), .rst(rst), .done(d[8]),  .errors(e[8]));
  tb_addertree_case #(.N(5),  .EB(4), .SEMANTICS(1), .DEPTH(2), .SEED(23)) c9  (.clk(clk), .rst(rst), .done(d[9]),  .errors(e[9]));
  tb_addertree_case #(.N(16), .EB(8), .SEMANTICS(1), .DEPTH(0), .SEED(24)) c10 (.clk(clk), .rst(rst), .done(d[10]), .errors(e[10]));
  tb_addertree_case #(.N(9),  .EB(1), .SEMANTICS(1), .DEPTH(5), .SEED(25)) c11 (.clk(clk), .rst(rst), .done(d[11]), .errors(e[11]));
  tb_threshold_case #(.W(1)) c12 (.clk(clk), .rst(rst), .done(d[12]), .errors(e[12]));
  tb_threshold_case #(.W(4)) c13 (.clk(clk), .rst(rst), .done(d[13]), .errors(e[13]));
  tb_threshold_case #(.W(6)) c14 (.clk(clk), .rst(rst), .done(d[14]), .errors(e[14]));
  tb_rom_case #(.WIDTH(12), .DEPTH(5), .FILE("rom_12x5.mem"), .SEED(31), .STYLE(1)) c15 (.clk(clk), .rst(rst), .done(d[15]), .errors(e[15]));
  tb_rom_case #(.WIDTH(32), .DEPTH(8), .FILE("rom_32x8.mem"), .SEED(32), .STYLE(2)) c16 (.clk(clk), .rst(rst), .done(d[16]), .errors(e[16]));
  tb_rom_case #(.WIDTH(3),  .DEPTH(1), .FILE("rom_3x1.mem"),  .SEED(33)) c17 (.clk(clk), .rst(rst), .done(d[17]), .errors(e[17]));
  tb_axis_case #(.KIND(0), .P(400), .SEED(41)) c18 (.clk(clk), .rst(rst), .done(d[18]), .errors(e[18]));
  tb_axis_case #(.KIND(1), .DEPTH(2), .P(400), .SEED(42)) c19 (.clk(clk), .rst(rst), .done(d[19]), .errors(e[19]));
  tb_axis_case #(.KIND(1), .DEPTH(3), .P(250), .SEED(43)) c20 (.clk(clk), .rst(rst), .done(d[20]), .errors(e[20]));
  tb_axis_case #(.KIND(1), .DEPTH(5), .P(600), .SEED(44)) c21 (.clk(clk), .rst(rst), .done(d[21]), .errors(e[21]));

  assign done = &d;
  integer i;
  reg [31:0] sum;
  always @* begin
    sum = 0;
    for (i = 0; i < NC; i = i + 1) sum = sum + e[i];
  end
  assign errors = sum;
endmodule

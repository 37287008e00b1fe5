// Self-checking case for siman_threshold: exhaustive over every q, t
// (W bits, two's complement) and both directions.
module tb_threshold_case #(
  parameter integer W = 4
) (
  input  wire        clk,
  input  wire        rst,
  output reg         done,
  output reg  [31:0] errors
);
  reg [2*W:0] idx;   // {dir, t, q}
  wire [W-1:0] q = idx[W-1:0];
  wire [W-1:0] t = idx[2*W-1:W];
  wire         dir = idx[2*W];
  wire         y;

  siman_threshold #(.W(W)) dut (.q(q), .t(t), .dir(dir), .y(y));

  integer qi, ti;
  reg expected;
  always @(posedge clk) begin
    if (rst) begin
      idx <= 0;
      done <= 1'b0;
      errors <= 0;
    end else if (!done) begin
      qi = $signed(q);
      ti = $signed(t);
      expected = dir ? (qi <= ti) : (qi >= ti);
      if (y !== expected) begin
        if (errors < 5) $display("threshold W=%0d q=%0d t=%0d dir=%0d: got %0d", W, qi, ti, dir, y);
        errors <= errors + 1;
      end
      idx <= idx + 1'b1;
      if (&idx) begin
        done <= 1'b1;
        $display("CASE threshold W=%0d %s errors=%0d", W, errors == 0 ? "PASS" : "FAIL", errors);
      end
    end
  end
endmodule

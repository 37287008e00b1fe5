// Self-checking case for siman_rom. The memory file FILE is written by the
// mocha test with word k = (k * 32'h9E3779B1 + 32'h01234567) masked to
// WIDTH bits, as ceil(WIDTH/4) hex digits, MSB first. Checks the 1-cycle
// registered read and that en = 0 holds the output, for each STYLE.
module tb_rom_case #(
  parameter integer WIDTH = 12,
  parameter integer DEPTH = 5,
  parameter FILE = "rom.mem",
  parameter integer SEED = 1,
  parameter integer STYLE = 0
) (
  input  wire        clk,
  input  wire        rst,
  output reg         done,
  output reg  [31:0] errors
);
`include "tb_util.vh"
  localparam integer AW = (DEPTH > 1) ? $clog2(DEPTH) : 1;

  reg  [AW-1:0]    addr;
  reg              en;
  wire [WIDTH-1:0] data;
  reg  [31:0]      rng;
  integer          cycle;
  reg  [WIDTH-1:0] expected;
  reg              have;

  siman_rom #(.WIDTH(WIDTH), .DEPTH(DEPTH), .FILE(FILE), .STYLE(STYLE)) dut (.clk(clk), .en(en), .addr(addr), .data(data));

  function [WIDTH-1:0] word;
    input integer k;
    reg [31:0] v;
    begin
      v = k * 32'h9E3779B1 + 32'h01234567;
      word = v[WIDTH-1:0];
    end
  endfunction

  always @(posedge clk) begin
    if (rst) begin
      rng <= SEED;
      cycle <= 0;
      en <= 1'b0;
      addr <= 0;
      have <= 1'b0;
      done <= 1'b0;
      errors <= 0;
    end else if (!done) begin
      if (have && data !== expected) begin
        if (errors < 5) $display("rom W=%0d D=%0d cycle %0d: got %h expected %h", WIDTH, DEPTH, cycle, data, expected);
        errors <= errors + 1;
      end
      if (en) begin
        expected <= word(addr);
        have <= 1'b1;
      end
      rng <= xorshift32(rng);
      en <= rng[3:0] < 11;
      addr <= (rng[31:8] % DEPTH);
      cycle <= cycle + 1;
      if (cycle == 500) begin
        done <= 1'b1;
        $display("CASE rom WIDTH=%0d DEPTH=%0d %s errors=%0d", WIDTH, DEPTH, errors == 0 ? "PASS" : "FAIL", errors);
      end
    end
  end
endmodule

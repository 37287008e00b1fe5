// Shared testbench helpers: the xorshift32 generator of DESIGN §2b.
function [31:0] xorshift32;
  input [31:0] x;
  reg [31:0] y;
  begin
    y = x ^ (x << 13);
    y = y ^ (y >> 17);
    y = y ^ (y << 5);
    xorshift32 = y;
  end
endfunction

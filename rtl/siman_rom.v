// siman_rom: read-only memory with a registered read port (maps to BRAM).
//
// Purpose   Weight / threshold / score-constant store of the MVU.
// Params    WIDTH  bits per word, >= 1
//           DEPTH  words, >= 1
//           FILE   $readmemh file name ("" = no initialisation, for lint).
//                  Format: exactly DEPTH lines, line k = word k as
//                  ceil(WIDTH/4) hex digits, most significant digit
//                  first; bit i of the word is element i (LSB first).
// Folding   One ROM per MVU for the weights (DEPTH = NF*SF,
//           WIDTH = PE*SIMD); a small one indexed by the fold for the
//           thresholds or score constants.
// Latency   1 cycle: at a rising edge with en = 1, data <= mem[addr];
//           with en = 0 data holds. An address >= DEPTH reads an
//           unspecified value (the MVU never issues one).
// Storage   2^clog2(DEPTH) words, the ones above DEPTH left uninitialised:
//           a plain power-of-two read lets synthesis treat them as don't
//           care. A range guard (addr < DEPTH ? mem[addr] : mem[0]) cost
//           ECP5 10 LUT4 + 8 wide muxes per column of an 18-word ROM,
//           against 1-2 LUT4 for 16 or 32 words.
// Reset     none: the output register of a block RAM is not reset.
`default_nettype none

module siman_rom #(
  parameter integer WIDTH = 32,
  parameter integer DEPTH = 16,
  parameter         FILE = ""
) (
  input  wire                                  clk,
  input  wire                                  en,
  input  wire [((DEPTH > 1) ? $clog2(DEPTH) : 1)-1:0] addr,
  output reg  [WIDTH-1:0]                      data
);
  localparam integer AW = (DEPTH > 1) ? $clog2(DEPTH) : 1;

`ifndef SYNTHESIS
  initial begin
    if (WIDTH < 1) $fatal(1, "siman_rom: WIDTH must be >= 1 (got %0d)", WIDTH);
    if (DEPTH < 1) $fatal(1, "siman_rom: DEPTH must be >= 1 (got %0d)", DEPTH);
  end
`endif

  /* verilator lint_off UNDRIVEN */ // written only by $readmemh (not at all when FILE = "")
  reg [WIDTH-1:0] mem [0:(1 << AW)-1];
  /* verilator lint_on UNDRIVEN */

  generate
    if (FILE != "") begin : g_init
      initial $readmemh(FILE, mem);
    end
  endgenerate

  generate
    if (DEPTH == 1) begin : g_single
      /* verilator lint_off UNUSEDSIGNAL */ // a 1-word ROM ignores its (1-bit) address
      wire unused_addr = addr[0];
      /* verilator lint_on UNUSEDSIGNAL */
      always @(posedge clk) if (en) data <= mem[0];
    end else begin : g_read
      always @(posedge clk) if (en) data <= mem[addr];
    end
  endgenerate
endmodule

`default_nettype wire

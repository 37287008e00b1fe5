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
// Style     STYLE = 0 (auto) leaves the choice between block RAM and logic
//           to synthesis (Yosys and vendor flows decide by size and
//           shape); 1 asks for block RAM (rom_style "block"), 2 for logic
//           (rom_style "logic"), the attribute Yosys' memory mapper reads.
// Reset     none: the output register of a block RAM is not reset.
`default_nettype none

module siman_rom #(
  parameter integer WIDTH = 32,
  parameter integer DEPTH = 16,
  parameter         FILE = "",
  parameter integer STYLE = 0
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
    if (STYLE < 0 || STYLE > 2) $fatal(1, "siman_rom: STYLE must be 0 (auto), 1 (block) or 2 (logic) (got %0d)", STYLE);
  end
`endif

  // An attribute value cannot be a parameter, so each style declares its
  // own array; all three read it the same way (registered, enable-gated).
  localparam [AW-1:0] A0 = {AW{1'b0}};
  /* verilator lint_off UNUSEDSIGNAL */ // a 1-word ROM ignores its (1-bit) address
  wire [AW-1:0] a = (DEPTH == 1) ? A0 : addr;
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    if (STYLE == 1) begin : g_block
      /* verilator lint_off UNDRIVEN */ // written only by $readmemh (not at all when FILE = "")
      (* rom_style = "block" *) reg [WIDTH-1:0] mem [0:(1 << AW)-1];
      /* verilator lint_on UNDRIVEN */
      if (FILE != "") begin : g_init
        initial $readmemh(FILE, mem);
      end
      always @(posedge clk) if (en) data <= mem[a];
    end else if (STYLE == 2) begin : g_logic
      /* verilator lint_off UNDRIVEN */
      (* rom_style = "logic" *) reg [WIDTH-1:0] mem [0:(1 << AW)-1];
      /* verilator lint_on UNDRIVEN */
      if (FILE != "") begin : g_init
        initial $readmemh(FILE, mem);
      end
      always @(posedge clk) if (en) data <= mem[a];
    end else begin : g_auto
      /* verilator lint_off UNDRIVEN */
      reg [WIDTH-1:0] mem [0:(1 << AW)-1];
      /* verilator lint_on UNDRIVEN */
      if (FILE != "") begin : g_init
        initial $readmemh(FILE, mem);
      end
      always @(posedge clk) if (en) data <= mem[a];
    end
  endgenerate
endmodule

`default_nettype wire

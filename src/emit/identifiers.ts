/**
 * Safety of names that reach generated text. Model-provided names only
 * ever appear inside comments (sanitised here); Verilog identifiers are
 * generated (`u_l0`, `l0_m_tdata`) or come from `--top`, which must be a
 * plain identifier that is not a Verilog keyword.
 */
import { fail } from '../diagnostics.js';

const KEYWORDS = new Set(
  (
    'always and assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config deassign default defparam design ' +
    'disable edge else end endcase endconfig endfunction endgenerate endmodule endprimitive endspecify endtable endtask event ' +
    'for force forever fork function generate genvar highz0 highz1 if ifnone incdir include initial inout input instance ' +
    'integer join large liblist library localparam macromodule medium module nand negedge nmos nor noshowcancelled not ' +
    'notif0 notif1 or output parameter pmos posedge primitive pull0 pull1 pulldown pullup pulsestyle_onevent ' +
    'pulsestyle_ondetect rcmos real realtime reg release repeat rnmos rpmos rtran rtranif0 rtranif1 scalared ' +
    'showcancelled signed small specify specparam strong0 strong1 supply0 supply1 table task time tran tranif0 tranif1 ' +
    'tri tri0 tri1 triand trior trireg unsigned use uwire vectored wait wand weak0 weak1 while wire wor xnor xor ' +
    // SystemVerilog keywords that Verilator and Yosys reserve in SV mode
    'bit byte logic int longint shortint string void struct union enum typedef class interface package program ' +
    'always_ff always_comb always_latch unique priority final assert assume cover property sequence return break continue'
  ).split(' '),
);

/** True when `name` is a legal, non-keyword Verilog identifier. */
export function isVerilogIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) && !KEYWORDS.has(name) && name.length <= 200;
}

/** Validate the `--top` module name. */
export function checkTopName(name: string): string {
  if (!isVerilogIdentifier(name)) {
    fail('E_USAGE', `--top '${name}' is not a usable Verilog module name`, undefined, {
      hint: 'use letters, digits and _ (starting with a letter or _), and not a Verilog keyword',
    });
  }
  return name;
}

/** Text safe inside a `//` comment: one line, printable ASCII, bounded length. */
export function commentText(text: string): string {
  const flat = text.replace(/[^\x20-\x7e]/g, '?').replace(/\*\//g, '* /').replace(/\/\*/g, '/ *');
  return flat.length > 80 ? flat.slice(0, 77) + '...' : flat;
}

/** File-name-safe stem from a module name (already an identifier). */
export function fileStem(top: string): string {
  return top.replace(/[^A-Za-z0-9_]/g, '_');
}

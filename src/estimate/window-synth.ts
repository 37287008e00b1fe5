/**
 * Synthesis of one standalone rtl/siman_window.v instance (a wrapper top
 * with the unit's ports, no cells of its own), with the same Yosys script
 * as a whole design (src/tools/yosys-script.ts): the measurement behind the
 * window-unit calibration (bench/calibrate-window.ts) and its held-back
 * checks.
 */
import type { WindowPlan } from '../plan/plan.js';
import { runYosys, type YosysEngine } from '../tools/yosys.js';
import { STAT_FILE, synthScript, type SynthTarget } from '../tools/yosys-script.js';
import { parseStatJson } from './synth-stats.js';
import { resources } from './synth-design.js';

const CAL_TOP = 'siman_window_cal';

/** Parameters of one standalone unit (the RTL's parameters). */
export interface UnitShape extends Pick<WindowPlan, 'role' | 'c' | 'h' | 'w' | 'kh' | 'kw' | 'sh' | 'sw' | 'ph' | 'pw' | 'ebw'> {
  pad: 0 | 1;
  /** Pool units: per channel, 1 = AND. */
  ops: number[] | null;
}

export interface UnitMeasured {
  luts: number;
  ffs: number;
  carries: number;
  brams: number;
  lutrams: number;
}

/** The WindowPlan of a standalone unit, with the planner's geometry (src/plan/plan.ts windowPlan; checked against real plans by test/estimate/window-estimate.test.ts). */
export function shapePlan(s: UnitShape): WindowPlan {
  const paddedHeight = s.h + 2 * s.ph;
  const paddedWidth = s.w + 2 * s.pw;
  const oh = Math.floor((paddedHeight - s.kh) / s.sh) + 1;
  const ow = Math.floor((paddedWidth - s.kw) / s.sw) + 1;
  return {
    classes: 1,
    classWidth: 1,
    rowClassBase: [],
    colClass: [],
    role: s.role,
    c: s.c,
    h: s.h,
    w: s.w,
    kh: s.kh,
    kw: s.kw,
    sh: s.sh,
    sw: s.sw,
    ph: s.ph,
    pw: s.pw,
    ebw: s.ebw,
    padBits: s.pad,
    padElement: s.pad,
    ops: s.ops ? s.ops.map((o) => (o ? 'and' : 'or')) : null,
    pixels: s.h * s.w,
    paddedHeight,
    paddedWidth,
    bufferPixels: (s.kh - 1) * paddedWidth + s.kw,
    oh,
    ow,
    positions: oh * ow,
    inBits: s.c * s.ebw,
    outBits: s.ops ? s.c : s.c * s.kh * s.kw * s.ebw,
  };
}

/** Verilog of a top that instantiates one unit with the shape's parameters. */
export function wrapperVerilog(s: UnitShape): string {
  const outBits = s.ops ? s.c : s.c * s.kh * s.kw * s.ebw;
  const ops = s.ops ? `, .OPS(${s.c}'b${[...s.ops].reverse().join('')})` : '';
  return `\`default_nettype none
module ${CAL_TOP} (
  input  wire clk,
  input  wire rst,
  input  wire [${s.c * s.ebw - 1}:0] s_tdata,
  input  wire s_tvalid,
  output wire s_tready,
  output wire [${outBits - 1}:0] m_tdata,
  output wire m_tvalid,
  input  wire m_tready
);
  siman_window #(
    .C(${s.c}), .H(${s.h}), .W(${s.w}), .KH(${s.kh}), .KW(${s.kw}), .SH(${s.sh}), .SW(${s.sw}), .PH(${s.ph}), .PW(${s.pw}),
    .EBW(${s.ebw}), .PAD(${s.pad}), .POOL(${s.ops ? 1 : 0})${ops}
  ) u_win (
    .clk(clk), .rst(rst),
    .s_tdata(s_tdata), .s_tvalid(s_tvalid), .s_tready(s_tready),
    .m_tdata(m_tdata), .m_tvalid(m_tvalid), .m_tready(m_tready)
  );
endmodule
\`default_nettype wire
`;
}

/** Synthesise one standalone unit; the wrapper top has no cells of its own, so the design total is the unit's. */
export async function measureUnit(s: UnitShape, target: SynthTarget, engine: YosysEngine, rtl: string): Promise<{ measured: UnitMeasured; version: string; seconds: number }> {
  const files = { 'siman_window_cal.v': wrapperVerilog(s), 'siman_window.v': rtl };
  const script = synthScript({ target, top: CAL_TOP, sources: Object.keys(files), instancesFile: null });
  const run = await runYosys({ engine, script, files, outputs: [STAT_FILE], timeoutMs: 1_800_000 });
  const stats = parseStatJson(run.outputs[STAT_FILE]!, { top: CAL_TOP });
  const r = resources(stats.modules[CAL_TOP]!.total);
  return { measured: { luts: r.luts, ffs: r.ffs, carries: r.carries, brams: r.brams, lutrams: r.lutrams }, version: run.version, seconds: run.durationMs / 1000 };
}


/** The RTL parameters of a planned unit (the inverse of {@link shapePlan}). */
export function unitShapeOf(wp: WindowPlan): UnitShape {
  const { role, c, h, w, kh, kw, sh, sw, ph, pw, ebw } = wp;
  return { role, c, h, w, kh, kw, sh, sw, ph, pw, ebw, pad: wp.padBits ? 1 : 0, ops: wp.ops ? wp.ops.map((o) => (o === 'and' ? 1 : 0)) : null };
}

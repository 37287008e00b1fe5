/** `siman-hw synth`: synthesise the generated design with Yosys; resources per layer and in total. */
import { DESIGN_OPTIONS, designFromOptions } from './design-options.js';
import { fail } from '../diagnostics.js';
import { NETLIST_FILE, SYNTH_HIERARCHIES, lutSizeText, synthDesign, type Resources, type SynthHierarchy, type SynthReport } from '../estimate/synth-design.js';
import { expectedSynthTime, formatDuration } from '../estimate/synth-time.js';
import { INSTANCES_FILE, STAT_FILE, SYNTH_TARGETS, type SynthTarget } from '../tools/yosys-script.js';
import { writeDirAtomic } from '../util/atomic-fs.js';
import { pnrDesign, type PnrReport } from '../estimate/pnr-design.js';
import { ICE40_DEVICES, type Ice40Device } from '../tools/nextpnr.js';
import { FOLD_HELP } from './generate.js';
import { optChoice, optInt, optNumber, optString, toJson, type Command, type CliIO } from './command.js';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'synthesise the generated design with Yosys: LUTs, FFs, carries, BRAM, DSP per layer',
  help: `usage: siman-hw synth MODEL --target T [--fold SPEC] [--mode M] [--weights W] [--top NAME] [--yosys wasm|native]
                     [--hierarchy flat|keep] [--timeout SEC] [--json] [-o DIR]
                     [--pnr [--device DEV] [--package PKG] [--freq MHZ]]

Generates the design as 'generate' does and synthesises it with Yosys,
flattened as vendor and nextpnr flows do by default (optimisation crosses
module boundaries). Prints, per layer, the resources of its matrix-vector
unit plus the FIFO after it, and in a conv network also its window
(sliding window or gather) and pool units; the window, pool and FIFO parts
are also shown on their own, with where the layer's weights went (block
RAM, LUT RAM, logic). Then the total: LUTs (by input count), flip-flops,
carry cells, block RAMs, DSPs. Per-layer numbers of a flattened run come
from the instance prefix Yosys keeps in cell names and add up to the total.
Post-synthesis cell counts, no place and route (docs/synthesis.md).
Before Yosys starts, the analytic estimate gives the expected run time;
progress lines go to stderr while it runs.

options:
      --target T           ice40, ecp5, xilinx (xc7) or generic (4-LUTs) (required)
${FOLD_HELP}
      --top NAME           top module name (default siman_top)
      --yosys ENGINE       wasm (bundled Yosys, default) or native (yosys on PATH
                           or $SIMAN_HW_YOSYS)
      --hierarchy H        flat (default: flatten, split per layer by cell
                           names) or keep (every module synthesised on its
                           own, no cross-module optimisation)
      --timeout SEC        stop Yosys after SEC seconds (default 3600); a design
                           whose expected run time exceeds it is refused before
                           Yosys starts (use 'estimate', or raise --timeout)
      --json               print the report as JSON on stdout
  -o, --output DIR         write synth.json, the Yosys stat and instance JSON,
                           the netlist (netlist.json), the script and the log
                           into DIR (replaced atomically)
      --quiet              no progress lines
      --pnr                iCE40 only: also place and route with nextpnr-ice40
                           (flattened synth_ice40 -json, top in a pin-saving
                           wrapper) and report the achieved Fmax, vectors/s
                           (Fmax / II) and latency in µs; nextpnr-ice40 from
                           $SIMAN_HW_NEXTPNR or PATH
      --device DEV         iCE40 device for --pnr: ${ICE40_DEVICES.join(', ')} (default up5k)
      --package PKG        package for --pnr, e.g. sg48, ct256 (default: nextpnr's for DEV)
      --freq MHZ           clock target that steers placement for --pnr (default 12)
      --allow-outside-paths  let .npy tensor paths leave the model's folder

example:
  siman-hw synth examples/digits/digits-mlp.json --target ice40 --yosys native
  siman-hw synth MODEL --target ice40 --pnr --device hx8k --package ct256
`,
  options: {
    ...DESIGN_OPTIONS,
    target: { type: 'string' },
    yosys: { type: 'string' },
    hierarchy: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    quiet: { type: 'boolean' },
    pnr: { type: 'boolean' },
    device: { type: 'string' },
    package: { type: 'string' },
    freq: { type: 'string' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    if (optString(options, 'target') === undefined) {
      fail('E_USAGE', 'synth needs a target: --target ice40|ecp5|xilinx|generic', undefined, { hint: "see 'siman-hw synth --help'" });
    }
    const target = optChoice<SynthTarget>(options, 'target', SYNTH_TARGETS, 'ice40');
    const engine = optChoice(options, 'yosys', ['wasm', 'native'] as const, 'wasm');
    const timeoutSec = optInt(options, 'timeout', 3600, 1, 7 * 24 * 3600);
    const out = optString(options, 'output');
    const pnr = options.pnr === true;
    if (pnr && target !== 'ice40') fail('E_USAGE', `--pnr is only available for --target ice40 (got ${target})`, undefined, { hint: 'drop --pnr or use --target ice40' });
    if (!pnr) {
      for (const o of ['device', 'package', 'freq']) {
        if (options[o] !== undefined) fail('E_USAGE', `--${o} only applies with --pnr`, undefined, { hint: `add --pnr or drop --${o}` });
      }
    }
    const device = optChoice<Ice40Device>(options, 'device', ICE40_DEVICES, 'up5k');
    const pkg = optString(options, 'package');
    const freq = optNumber(options, 'freq', 12, 1, 1000);
    const hierarchy = optChoice<SynthHierarchy>(options, 'hierarchy', SYNTH_HIERARCHIES, 'flat');
    const flow = designFromOptions(positionals[0]!, options, io);
    const start = Date.now();
    const quiet = options.quiet === true;
    const expect = expectedSynthTime(flow, target, engine);
    if (expect.seconds > timeoutSec) {
      fail('E_TOO_LARGE', `this design is expected to take ~${formatDuration(expect.seconds)} to synthesise here (${expect.cells} cells estimated), more than --timeout ${timeoutSec} s`, undefined, {
        hint: `'siman-hw estimate' gives LUT/FF/BRAM numbers in milliseconds; a coarser --fold shrinks the design; --timeout ${Math.ceil(expect.seconds * 2)} lets Yosys try`,
      });
    }
    if (!quiet) {
      io.err(`synth: ${target} with Yosys (${engine}), ${hierarchy === 'flat' ? 'flattened' : 'hierarchy kept'}, ${flow.plan.layers.length} layers, fold ${flow.design.manifest.fold}, weights ${flow.plan.weights}\n`);
      io.err(`synth: ~${expect.cells} cells estimated, expected run time ~${formatDuration(expect.seconds)} (${expect.basis})\n`);
    }
    const res = await synthDesign(flow, {
      target,
      engine,
      hierarchy,
      timeoutMs: timeoutSec * 1000,
      netlist: out !== undefined,
      ...(quiet ? {} : { onProgress: (line: string) => io.err(`  [${((Date.now() - start) / 1000).toFixed(1)}s] ${line.trim()}\n`) }),
    });
    let pnrReport: PnrReport | undefined;
    let pnrFiles: Array<[string, string]> = [];
    if (pnr) {
      if (!quiet) io.err(`synth: place and route on iCE40 ${device.toUpperCase()}${pkg ? ` (${pkg})` : ''} with nextpnr-ice40\n`);
      const p = await pnrDesign(flow, {
        device,
        ...(pkg !== undefined ? { package: pkg } : {}),
        engine,
        freqMhz: freq,
        timeoutMs: timeoutSec * 1000,
        ...(quiet ? {} : { onProgress: (line: string) => io.err(`  [${((Date.now() - start) / 1000).toFixed(1)}s] ${line.trim()}\n`) }),
      });
      pnrReport = p.report;
      pnrFiles = [
        ['pnr-netlist.json', p.netlist],
        ['nextpnr.log', p.log],
      ];
    }
    const r: SynthReport & { pnr?: PnrReport } = pnrReport ? { ...res.report, pnr: pnrReport } : res.report;
    if (out) {
      const files = new Map<string, string>([
        ['synth.json', toJson(r)],
        ['stat.json', res.outputs[STAT_FILE]!],
        ...(res.outputs[INSTANCES_FILE] !== undefined ? ([['instances.json', res.outputs[INSTANCES_FILE]]] as Array<[string, string]>) : []),
        ['netlist.json', res.outputs[NETLIST_FILE]!],
        ['synth.ys', res.script.join('\n') + '\n'],
        ['yosys.log', res.log],
        ...pnrFiles,
      ]);
      writeDirAtomic(out, files);
    }
    if (options.json === true) io.out(toJson(r));
    else {
      printReport(r, io);
      if (pnrReport) printPnr(pnrReport, io);
    }
    if (out) io.err(`wrote synth.json, stat.json, ${hierarchy === 'keep' ? 'instances.json, ' : ''}netlist.json, synth.ys, yosys.log${pnr ? ', pnr-netlist.json, nextpnr.log' : ''} to ${out}\n`);
    return 0;
  },
};

function row(label: string, x: Resources): string {
  return `${label.padEnd(30)} ${String(x.luts).padStart(7)} ${String(x.ffs).padStart(7)} ${String(x.carries).padStart(7)} ${String(x.brams).padStart(5)} ${String(x.dsps).padStart(4)}   ${lutSizeText(x)}${x.lutrams ? `, ${x.lutrams} LUTRAM` : ''}${x.muxes ? `, ${x.muxes} MUX` : ''}`;
}

/** Human-readable table on stdout. */
export function printReport(r: SynthReport, io: CliIO): void {
  const lines = [
    `Yosys ${r.yosysVersion} (${r.engine}), target ${r.target}, top ${r.top}, fold ${r.fold}, ${(r.durationMs / 1000).toFixed(1)} s`,
    `per layer: ${r.attribution}`,
    `${'layer'.padEnd(30)} ${'LUTs'.padStart(7)} ${'FFs'.padStart(7)} ${'carry'.padStart(7)} ${'BRAM'.padStart(5)} ${'DSP'.padStart(4)}   LUTs by size`,
  ];
  for (const l of r.layers) {
    lines.push(row(`${l.index} ${l.name}`.slice(0, 30), l.total));
    lines.push(`  weights: ${l.weightBits} bits ${weightPlace(l.weightPlacement)}`);
    for (const [inst, what, r] of layerParts(l)) lines.push(row(`  of which ${inst}${what ? ` ${what}` : ''}`, r));
  }
  if (r.glue.luts + r.glue.ffs + r.glue.carries + r.glue.brams + r.glue.dsps > 0) lines.push(row('top glue', r.glue));
  lines.push(row('total', r.total));
  if (r.warnings.length) lines.push(`${r.warnings.length} Yosys warning(s); see -o DIR yosys.log`);
  io.out(lines.join('\n') + '\n');
}

function weightPlace(p: SynthReport['layers'][number]['weightPlacement']): string {
  switch (p) {
    case 'bram':
      return 'in block RAM';
    case 'lutram':
      return 'in LUT RAM';
    case 'logic':
      return 'in LUTs (ROM as logic)';
    case 'hardwired':
      return 'as logic (hardwired)';
    case 'constant':
      return '(ROM optimised away: constant columns only)';
    default:
      return '(placement per layer not known with the hierarchy kept)';
  }
}

/** The parts of a layer row shown on their own (window/gather, pool, FIFO): [instance, role, resources]. */
function layerParts(l: SynthReport['layers'][number]): Array<[string, string, Resources]> {
  const parts: Array<[string, string, Resources]> = [];
  if (l.window && l.windowInstance) parts.push([l.windowInstance, `(${l.windowRole})`, l.window]);
  if (l.pool && l.poolInstance) parts.push([l.poolInstance, '(pool)', l.pool]);
  if (l.fifo && l.fifoInstance) parts.push([l.fifoInstance, '', l.fifo]);
  return parts;
}

/** Timing lines after the resource table. */
export function printPnr(p: PnrReport, io: CliIO): void {
  const used = (k: string): string => {
    const u = p.utilisation[k];
    return u ? `${k} ${u.used}/${u.available}` : '';
  };
  const lines = [
    `place and route: ${p.tool}, iCE40 ${p.device.toUpperCase()}${p.package ? ` ${p.package}` : ''} (netlist: Yosys ${p.yosysVersion} ${p.yosysEngine}, flattened, incl. a ${p.wrapperFlipFlops}-FF pin wrapper)`,
    `  utilisation: ${['ICESTORM_LC', 'ICESTORM_RAM', 'ICESTORM_DSP', 'SB_IO'].map(used).filter(Boolean).join(', ')}`,
    `  Fmax ${p.fmaxMhz.toFixed(2)} MHz; II ${p.iiCycles} cycles -> ${formatRate(p.vectorsPerSecond)} vectors/s; latency ${p.latencyCycles} cycles = ${p.latencyUs.toFixed(3)} µs`,
  ];
  io.out(lines.join('\n') + '\n');
}

function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(2)} k`;
  return x.toFixed(1);
}

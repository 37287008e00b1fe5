/**
 * Place and route with nextpnr-ice40 for a timing figure. The executable
 * comes from $SIMAN_HW_NEXTPNR, then `nextpnr-ice40` on PATH. The runner
 * writes the Yosys JSON netlist into a temporary directory, runs nextpnr
 * for one device/package in its own process group (a timeout kills it) and
 * parses the achieved Fmax and the device utilisation from the log.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fail } from '../diagnostics.js';
import { findTool } from './find-tool.js';

/** Environment variable that overrides where nextpnr-ice40 is. */
export const NEXTPNR_ENV = 'SIMAN_HW_NEXTPNR';

/** Devices nextpnr-ice40 knows (its `--<device>` flags). */
export const ICE40_DEVICES = ['lp384', 'lp1k', 'lp4k', 'lp8k', 'hx1k', 'hx4k', 'hx8k', 'up3k', 'up5k', 'u1k', 'u2k', 'u4k'] as const;
export type Ice40Device = (typeof ICE40_DEVICES)[number];

/** Locate nextpnr-ice40: `$SIMAN_HW_NEXTPNR` (must exist when set), else PATH. E_TOOL_MISSING otherwise. */
export function findNextpnr(env: NodeJS.ProcessEnv = process.env): string {
  return findTool(
    {
      name: 'nextpnr-ice40',
      envVar: NEXTPNR_ENV,
      missing: 'nextpnr-ice40 not found (needed by --pnr)',
      installHint: `install it (e.g. apt-get install nextpnr-ice40) or set ${NEXTPNR_ENV}=/path/to/nextpnr-ice40`,
    },
    env,
  );
}

export interface Utilisation {
  used: number;
  available: number;
}

export interface NextpnrLogInfo {
  /** Achieved Fmax per clock net, MHz, from the last (post-route) report. */
  fmaxMhz: Record<string, number>;
  /** Target frequency per clock, MHz, when the log states it. */
  targetMhz: Record<string, number>;
  /** Bel type -> used / available, from the last utilisation table. */
  utilisation: Record<string, Utilisation>;
  /** `ERROR:` lines. */
  errors: string[];
  version: string;
}

/**
 * Parse a nextpnr log. Fmax lines look like
 * `Info: Max frequency for clock 'clk$SB_IO_IN_$glb_clk': 123.45 MHz (PASS at 12.00 MHz)`;
 * later reports (after routing) replace earlier ones (after placement).
 * Utilisation lines look like `Info: 	         ICESTORM_LC:   123/  5280     2%`.
 */
export function parseNextpnrLog(log: string): NextpnrLogInfo {
  const fmaxMhz: Record<string, number> = {};
  const targetMhz: Record<string, number> = {};
  let utilisation: Record<string, Utilisation> = {};
  let inUtil = false;
  const errors: string[] = [];
  let version = '';
  for (const line of log.split(/\r?\n/)) {
    const f = /Max frequency for clock\s+'([^']+)':\s*([0-9.]+)\s*MHz(?:\s*\((?:PASS|FAIL) at ([0-9.]+) MHz\))?/.exec(line);
    if (f) {
      fmaxMhz[f[1]!] = Number(f[2]);
      if (f[3] !== undefined) targetMhz[f[1]!] = Number(f[3]);
      continue;
    }
    if (/Device utilisation:/.test(line)) {
      inUtil = true;
      utilisation = {};
      continue;
    }
    if (inUtil) {
      const u = /^Info:\s+([A-Za-z0-9_]+):\s+(\d+)\s*\/\s*(\d+)/.exec(line);
      if (u) {
        utilisation[u[1]!] = { used: Number(u[2]), available: Number(u[3]) };
        continue;
      }
      if (/^Info:\s*$/.test(line) || line.trim() === '') continue;
      inUtil = false;
    }
    if (/^ERROR:/.test(line)) errors.push(line.replace(/^ERROR:\s*/, '').trim());
    const v = /nextpnr-ice40 -- Next Generation Place and Route \(Version ([^)]+)\)/.exec(line);
    if (v) version = v[1]!;
  }
  return { fmaxMhz, targetMhz, utilisation, errors, version };
}

export interface NextpnrOptions {
  /** Yosys `write_json` netlist (flattened, iCE40 cells). */
  netlistJson: string;
  device: Ice40Device;
  /** Package, e.g. sg48, ct256; default: nextpnr's default for the device. */
  package?: string;
  /** Target clock in MHz (only steers timing-driven placement; the achieved Fmax is reported either way). */
  freqMhz?: number;
  seed?: number;
  timeoutMs?: number;
}

export interface NextpnrResult {
  device: Ice40Device;
  package: string | null;
  version: string;
  /** Fmax of the clock net (the slowest when there are several), MHz. */
  fmaxMhz: number;
  clock: string;
  utilisation: Record<string, Utilisation>;
  log: string;
  durationMs: number;
}

const PACKAGE = /^[a-z0-9]+$/;

/** Run nextpnr-ice40 on a netlist; errors are UserErrors (too big for the device, no clock, failure, timeout). */
export async function runNextpnrIce40(o: NextpnrOptions): Promise<NextpnrResult> {
  if (!(ICE40_DEVICES as readonly string[]).includes(o.device)) {
    fail('E_USAGE', `unknown iCE40 device ${JSON.stringify(o.device)}`, undefined, { hint: `use one of ${ICE40_DEVICES.join(', ')}` });
  }
  if (o.package !== undefined && !PACKAGE.test(o.package)) fail('E_USAGE', `bad package name ${JSON.stringify(o.package)}`);
  const exe = findNextpnr();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siman-hw-nextpnr-'));
  const start = Date.now();
  try {
    writeFileSync(path.join(dir, 'netlist.json'), o.netlistJson);
    const args = [
      `--${o.device}`,
      ...(o.package ? ['--package', o.package] : []),
      '--json',
      'netlist.json',
      '--freq',
      String(o.freqMhz ?? 12),
      '--seed',
      String(o.seed ?? 1),
      '--timing-allow-fail',
      '--log',
      'nextpnr.log',
      '--quiet',
    ];
    const { exitCode, timedOut, output } = await spawnTool(exe, args, dir, o.timeoutMs);
    let log = '';
    try {
      log = readFileSync(path.join(dir, 'nextpnr.log'), 'utf8');
    } catch {
      log = output;
    }
    const info = parseNextpnrLog(log + '\n' + output);
    if (!info.version) info.version = await toolVersion(exe);
    const tail = (log || output).trimEnd().split('\n').slice(-15);
    if (timedOut) fail('E_TOOL_FAILED', `nextpnr-ice40 timed out after ${Math.round((o.timeoutMs ?? 0) / 1000)} s`, undefined, { notes: tail });
    const over = Object.entries(info.utilisation).filter(([, u]) => u.used > u.available);
    const tooBig = over.length > 0 || info.errors.some((e) => /no BELs remaining|not enough|Unable to place|too many|exceed/i.test(e));
    if (exitCode !== 0 && tooBig) {
      const what = over.map(([k, u]) => `${k} ${u.used}/${u.available}`).join(', ');
      fail('E_TOOL_FAILED', `design does not fit the iCE40 ${o.device.toUpperCase()}${o.package ? ` (${o.package})` : ''}${what ? `: ${what}` : ''}`, undefined, {
        notes: [...new Set(info.errors)].slice(0, 5),
        hint: `${o.device === 'hx8k' || o.device === 'lp8k' ? 'the 8K devices are the largest iCE40s nextpnr-ice40 supports: fold more' : 'choose a bigger device (--device hx8k), or fold more'} (--fold with smaller pe/simd) so the layers need fewer LUTs`,
      });
    }
    if (exitCode !== 0) {
      fail('E_TOOL_FAILED', `nextpnr-ice40 failed (exit ${exitCode})${info.errors[0] ? `: ${info.errors[0]}` : ''}`, undefined, { notes: tail });
    }
    const clocks = Object.entries(info.fmaxMhz);
    if (clocks.length === 0) fail('E_TOOL_FAILED', 'nextpnr-ice40 reported no clock frequency (is the clock connected?)', undefined, { notes: tail });
    const [clock, fmax] = clocks.reduce((a, b) => (b[1] < a[1] ? b : a));
    return {
      device: o.device,
      package: o.package ?? null,
      version: info.version,
      fmaxMhz: fmax,
      clock,
      utilisation: info.utilisation,
      log,
      durationMs: Date.now() - start,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `nextpnr-ice40 --version` -> `0.4-1+b1` (empty when it does not say). */
async function toolVersion(exe: string): Promise<string> {
  const r = await spawnTool(exe, ['--version'], os.tmpdir(), 10_000).catch(() => null);
  const m = r ? /\(Version ([^)]+)\)/.exec(r.output) : null;
  return m ? m[1]! : '';
}

function spawnTool(exe: string, args: string[], cwd: string, timeoutMs: number | undefined): Promise<{ exitCode: number; timedOut: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let timedOut = false;
    const timer =
      timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }, timeoutMs)
        : undefined;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s: string) => (output += s));
    child.stderr.on('data', (s: string) => (output += s));
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), timedOut, output });
    });
  });
}

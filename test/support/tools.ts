/**
 * Test helper for tests that need an external tool. A missing tool skips the
 * test with a loud warning on a developer machine, but fails it in CI
 * (SIMAN_HW_REQUIRE_TOOLS=1), where every tool must be installed.
 */
import { spawnSync } from 'node:child_process';

export type ToolName = 'verilator' | 'yosys' | 'nextpnr-ice40';

const envVar: Record<ToolName, string> = {
  verilator: 'SIMAN_HW_VERILATOR',
  yosys: 'SIMAN_HW_YOSYS',
  'nextpnr-ice40': 'SIMAN_HW_NEXTPNR',
};

const found = new Map<ToolName, boolean>();

/** True when the tool (env override or PATH) answers `--version` / `-V`. */
export function hasTool(name: ToolName): boolean {
  let ok = found.get(name);
  if (ok === undefined) {
    const exe = process.env[envVar[name]] || name;
    const r = spawnSync(exe, [name === 'yosys' ? '-V' : '--version'], { stdio: 'ignore' });
    ok = r.status === 0;
    found.set(name, ok);
  }
  return ok;
}

/** Skip (or, in CI, fail) the current test when `name` is not installed. */
export function requireTool(ctx: Mocha.Context, name: ToolName): void {
  if (hasTool(name)) return;
  const how = `apt-get install ${name} (or set ${envVar[name]} to its path)`;
  if (process.env.SIMAN_HW_REQUIRE_TOOLS === '1') {
    throw new Error(`${name} is required (SIMAN_HW_REQUIRE_TOOLS=1) but not found: ${how}`);
  }
  console.warn(`!!! SKIPPING: ${name} not found; install it with: ${how}`);
  ctx.skip();
}

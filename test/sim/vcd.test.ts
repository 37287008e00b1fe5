import { expect } from 'chai';
import { simulateDesign, VCD_CYCLE_TIME } from '../../src/sim/simulate.js';
import { VcdWriter } from '../../src/sim/vcd.js';
import { randomDesign } from './random-designs.js';

interface ParsedVcd {
  timescale: string;
  /** Full dotted name -> id, width. */
  vars: Map<string, { id: string; width: number }>;
  /** id -> list of [time, value] changes, value as a binary string. */
  changes: Map<string, [number, string][]>;
}

/** A small VCD reader: declarations, scopes, #time, scalar and vector changes. */
function parseVcd(text: string): ParsedVcd {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  const vars = new Map<string, { id: string; width: number }>();
  const changes = new Map<string, [number, string][]>();
  const scopes: string[] = [];
  let timescale = '';
  let time = -1;
  let i = 0;
  const until = (): string[] => {
    const out: string[] = [];
    while (tokens[i] !== '$end') out.push(tokens[i++]!);
    i++;
    return out;
  };
  while (i < tokens.length) {
    const t = tokens[i++]!;
    if (t === '$comment' || t === '$date' || t === '$version') until();
    else if (t === '$timescale') timescale = until().join('');
    else if (t === '$scope') scopes.push(until()[1]!);
    else if (t === '$upscope') {
      until();
      scopes.pop();
    } else if (t === '$var') {
      const [, width, id, name] = until();
      vars.set([...scopes, name].join('.'), { id: id!, width: Number(width) });
      changes.set(id!, []);
    } else if (t === '$enddefinitions') until();
    else if (t === '$dumpvars' || t === '$end') continue;
    else if (t.startsWith('#')) time = Number(t.slice(1));
    else if (t.startsWith('b')) changes.get(tokens[i++]!)!.push([time, t.slice(1)]);
    else if (t[0] === '0' || t[0] === '1') changes.get(t.slice(1))!.push([time, t[0]]);
    else throw new Error(`vcd: unexpected token ${t}`);
  }
  return { timescale, vars, changes };
}

/** Value of signal `name` at every cycle 0..cycles-1 (as numbers). */
function sampled(v: ParsedVcd, name: string, cycles: number): number[] {
  const info = v.vars.get(name);
  if (!info) throw new Error(`vcd: no signal ${name}`);
  const ch = v.changes.get(info.id)!;
  const out: number[] = [];
  let k = 0;
  let cur = NaN;
  for (let c = 0; c < cycles; c++) {
    while (k < ch.length && ch[k]![0] <= c * VCD_CYCLE_TIME) cur = parseInt(ch[k++]![1], 2);
    out.push(cur);
  }
  return out;
}

describe('sim/vcd', () => {
  it('the dumped handshakes reproduce the transfer cycles of the trace', () => {
    const d = randomDesign(21, 10, { depth: [2, 3] });
    let text = '';
    const vcd = new VcdWriter((t) => (text += t));
    const trace = simulateDesign(d.flow.plan, d.inputs, { seed: 4, stallPermille: 300, watchdogCycles: 100_000, vcd });
    const v = parseVcd(text);
    expect(v.timescale).to.equal('1ns');
    const top = d.flow.plan.top;
    const n = trace.totalCycles;
    const sv = sampled(v, `${top}.s_axis_tvalid`, n);
    const sr = sampled(v, `${top}.s_axis_tready`, n);
    const mv = sampled(v, `${top}.m_axis_tvalid`, n);
    const mr = sampled(v, `${top}.m_axis_tready`, n);
    const fires = (a: number[], b: number[]) => a.flatMap((x, c) => (x && b[c] ? [c] : []));
    expect(fires(sv, sr)).to.deep.equal(trace.inputCycles);
    expect(fires(mv, mr)).to.deep.equal(trace.outputCycles);
    // Every layer's own handshakes: each vector crosses each layer's input and output once.
    for (let l = 0; l < d.flow.plan.layers.length; l++) {
      const ins = fires(sampled(v, `${top}.l${l}.s_tvalid`, n), sampled(v, `${top}.l${l}.s_tready`, n));
      const outs = fires(sampled(v, `${top}.l${l}.m_tvalid`, n), sampled(v, `${top}.l${l}.m_tready`, n));
      expect(ins, `layer ${l} inputs`).to.have.length(d.inputs.count);
      expect(outs, `layer ${l} outputs`).to.have.length(d.inputs.count);
      if (l === 0) expect(ins).to.deep.equal(trace.inputCycles);
    }
    // The output beat carries the scores of the trace.
    const data = v.changes.get(v.vars.get(`${top}.m_axis_tdata`)!.id)!;
    expect(data.length).to.be.greaterThan(0);
  });

  it('writes only changes and declares vectors with their range', () => {
    let text = '';
    const w = new VcdWriter((t) => (text += t));
    w.scope('top');
    const a = w.wire('a', 1);
    const b = w.wire('b', 70);
    w.upscope();
    w.time(0);
    w.set(a, 1);
    w.setWords(b, Uint32Array.of(5, 0, 1));
    w.time(10);
    w.set(a, 1);
    w.time(20);
    w.set(a, 0);
    w.close();
    expect(text).to.contain('$var wire 70 " b [69:0] $end');
    expect(text).to.contain('#0\n$dumpvars\n1!\nb10000000000000000000000000000000000000000000000000000000000000101 "\n$end\n#20\n0!\n');
    expect(text).not.to.contain('#10');
  });
});

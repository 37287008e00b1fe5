/**
 * A minimal Value Change Dump writer (IEEE 1364 §18): header with
 * `$timescale`, nested `$scope module` sections, `$var wire` declarations,
 * `$dumpvars` with every initial value, then `#time` lines followed by the
 * values that changed. Values are written only when they change.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

interface VcdVar {
  id: string;
  width: number;
  /** Last written value: number for width <= 52, words for wider signals. */
  last: number | Uint32Array | null;
}

/** Printable identifier code `n` (characters ! .. ~). */
function idCode(n: number): string {
  let s = '';
  do {
    s += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return s;
}

export class VcdWriter {
  private readonly vars: VcdVar[] = [];
  private chunks: string[] = [];
  private size = 0;
  private defined = false;
  private now = -1;
  private timeWritten = -1;
  private closed = false;

  /**
   * @param sink receives the text in order
   * @param timescale e.g. '1ns'
   */
  constructor(private readonly sink: (text: string) => void, timescale = '1ns', comment = 'siman-hw cycle simulator') {
    this.emit(`$comment ${comment} $end\n$timescale ${timescale} $end\n`);
  }

  /** A writer appending to file `path` (created or truncated). */
  static toFile(path: string, timescale = '1ns'): VcdWriter {
    const fd = openSync(path, 'w');
    const w = new VcdWriter((t) => writeSync(fd, t), timescale);
    w.onClose = () => closeSync(fd);
    return w;
  }

  private onClose: (() => void) | null = null;

  scope(name: string): void {
    this.checkDefining();
    this.emit(`$scope module ${name} $end\n`);
  }

  upscope(): void {
    this.checkDefining();
    this.emit('$upscope $end\n');
  }

  /** Declare a wire; returns its handle for {@link set} / {@link setWords}. */
  wire(name: string, width: number): number {
    this.checkDefining();
    if (!(width >= 1)) throw new Error(`vcd: bad width ${width} for ${name}`);
    const v: VcdVar = { id: idCode(this.vars.length), width, last: null };
    this.vars.push(v);
    this.emit(`$var wire ${width} ${v.id} ${name}${width > 1 ? ` [${width - 1}:0]` : ''} $end\n`);
    return this.vars.length - 1;
  }

  /** Start time `t` (non-decreasing); the first call closes the declarations. */
  time(t: number): void {
    if (!this.defined) {
      this.emit('$enddefinitions $end\n');
      this.defined = true;
    }
    if (t < this.now) throw new Error(`vcd: time going backwards (${t} < ${this.now})`);
    this.now = t;
  }

  /** Value of a signal of up to 52 bits (non-negative; negative values are written as two's complement). */
  set(h: number, value: number | boolean): void {
    const v = this.vars[h]!;
    let n = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (n < 0) n += 2 ** v.width;
    if (v.last === n) return;
    v.last = n;
    this.stamp();
    this.emit(v.width === 1 ? `${n & 1}${v.id}\n` : `b${n.toString(2)} ${v.id}\n`);
  }

  /** Value of a wide signal as packed words (bit i of word j = bit 32·j + i). */
  setWords(h: number, words: Uint32Array, off = 0): void {
    const v = this.vars[h]!;
    const nw = Math.ceil(v.width / 32);
    let last = v.last as Uint32Array | null;
    if (last) {
      let same = true;
      for (let j = 0; j < nw; j++) if (last[j] !== (words[off + j] ?? 0)) { same = false; break; }
      if (same) return;
    } else last = v.last = new Uint32Array(nw);
    for (let j = 0; j < nw; j++) last[j] = words[off + j] ?? 0;
    this.stamp();
    let s = '';
    for (let j = nw - 1; j >= 0; j--) s += last[j]!.toString(2).padStart(32, '0');
    s = s.slice(s.length - v.width).replace(/^0+(?=.)/, '');
    this.emit(`b${s} ${v.id}\n`);
  }

  /** Flush everything and release the sink. */
  close(): void {
    if (this.closed) return;
    if (!this.defined) this.time(0);
    if (this.dumpOpen) this.emit('$end\n');
    this.dumpOpen = false;
    this.flush();
    this.closed = true;
    this.onClose?.();
  }

  private stamp(): void {
    if (this.timeWritten === this.now) return;
    if (this.now < 0) throw new Error('vcd: value before the first time()');
    if (this.dumpOpen) {
      this.emit('$end\n');
      this.dumpOpen = false;
    }
    if (this.timeWritten < 0) {
      this.emit(`#${this.now}\n$dumpvars\n`);
      this.dumpOpen = true;
    } else this.emit(`#${this.now}\n`);
    this.timeWritten = this.now;
  }

  private dumpOpen = false;

  private checkDefining(): void {
    if (this.defined) throw new Error('vcd: declarations after the first time step');
  }

  private emit(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size > 1 << 16) this.flush();
  }

  private flush(): void {
    if (this.chunks.length) this.sink(this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }
}

/**
 * The WebAssembly popcount kernel (src/kernel/popcount-kernel.wat):
 * i64.popcnt over 64-bit words (and SIMD128 byte dot products for a uint
 * input of at most 8 bits), a batch of vectors per weight-row pass.
 * A leaf utility below both the packed reference (src/ref) and the cycle
 * simulator (src/sim); it imports nothing from the project. One instance
 * (one linear memory) per user (a packed network, a simulated layer);
 * JavaScript writes the packed inputs into that memory and reads the
 * per-row popcounts back.
 */
import { popcountKernelBase64 } from './popcount-kernel-wasm.js';

// The ES2022 lib this project compiles against has no WebAssembly types; the few used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface KernelExports {
  memory: WasmMemory;
  xorPop(w: number, rows: number, words: number, x: number, n: number, out: number): void;
  andPop(w: number, rows: number, words: number, x: number, n: number, out: number): void;
  planePop(w: number, rows: number, words: number, planes: number, x: number, n: number, out: number): void;
  byteDot(w: number, rows: number, chunks: number, x: number, n: number, out: number): void;
  threshold(pop: number, uint: number, rows: number, n: number, fanIn: number, isAnd: number, totals: number, mode: number, t: number, out: number): void;
}

let compiled: object | undefined;

/** A kernel instance with a bump allocator over its memory (8-byte aligned). */
export class PopcountKernel {
  readonly fn: KernelExports;
  private top = 8;
  /** Views of the memory; rebuilt after every grow. */
  u8!: Uint8Array;
  u32!: Uint32Array;
  i32!: Int32Array;
  f64!: Float64Array;

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(popcountKernelBase64, 'base64'));
    this.fn = new WebAssembly.Instance(compiled, {}).exports as unknown as KernelExports;
    this.views();
  }

  private views(): void {
    const buf = this.fn.memory.buffer;
    this.u8 = new Uint8Array(buf);
    this.u32 = new Uint32Array(buf);
    this.i32 = new Int32Array(buf);
    this.f64 = new Float64Array(buf);
  }

  /** Reserve `bytes` (rounded up to 8) and return the byte offset. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top += (bytes + 7) & ~7;
    const have = this.fn.memory.buffer.byteLength;
    if (this.top > have) {
      this.fn.memory.grow(Math.ceil((this.top - have) / 65536));
      this.views();
    }
    return at;
  }
}

/** Number of 16-byte chunks holding `n` bytes (the byte layout of `byteDot`). */
export function chunkCount16(n: number): number {
  return (n + 15) >>> 4;
}

/** Number of 64-bit words holding `n` bits. */
export function wordCount64(n: number): number {
  return (n + 63) >>> 6;
}

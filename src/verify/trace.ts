/**
 * The trace of a cycle-level run and its latency / II measurement live in
 * src/schedule (below plan and sim, which both use them); `verify` and the
 * commands keep importing them from here.
 */
export { traceTiming, type StreamTrace, type TraceTiming } from '../schedule/trace-timing.js';

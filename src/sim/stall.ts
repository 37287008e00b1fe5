/**
 * The shared stall pattern lives in src/schedule (the pipeline driver draws
 * it); the simulator and its tests keep importing it from here.
 */
export { type CycleDraw, StallPattern, Xorshift32, stallPermille } from '../schedule/stall.js';

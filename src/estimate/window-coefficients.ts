/**
 * Per-target coefficients of the window-unit estimator
 * (src/estimate/window-estimate.ts). Written by
 * `npx tsx bench/calibrate-window.ts --target T` (least squares on Yosys
 * results for standalone siman_window instances over a seeded grid; the
 * measured data is in docs/results/calibration-window-T.json). Edit by
 * re-running the calibration.
 */
import type { Coefs } from './analytic.js';
import type { WindowFeatures } from './window-estimate.js';

export interface WindowTargetCoefficients {
  yosysVersion: string;
  engine: string;
  /** windowRtlHash of the rtl/siman_window.v the coefficients were fitted on. */
  rtlHash: string;
  /** Calibration units the fit used. */
  points: number;
  luts: Coefs<WindowFeatures>;
  ffs: Coefs<WindowFeatures>;
  carries: Coefs<WindowFeatures>;
  lutrams: Coefs<WindowFeatures>;
}

export const WINDOW_COEFFICIENTS: Record<string, WindowTargetCoefficients> = {
  "ecp5": {
    "yosysVersion": "0.23",
    "engine": "native",
    "rtlHash": "f36912fdaa041d14",
    "points": 40,
    "luts": {
      "one": 4.8082,
      "plainBits": 0.9793,
      "padBits": 1.1405,
      "poolIn": 0.26454,
      "ctr": 2.0176
    },
    "ffs": {
      "one": 5.105,
      "plainBits": 0.86086,
      "ffStore": 1.0063,
      "srlBits": 0.98226,
      "srlRuns": 0.12853,
      "tapBits": 0.0058494,
      "padBits": 0.97693,
      "ctr": 0.98055
    },
    "carries": {},
    "lutrams": {}
  },
  "generic": {
    "yosysVersion": "0.23",
    "engine": "native",
    "rtlHash": "f36912fdaa041d14",
    "points": 40,
    "luts": {
      "one": 4.396,
      "plainBits": 0.98418,
      "padBits": 1.111,
      "poolIn": 0.26637,
      "ctr": 1.0853,
      "tables": 0.36473
    },
    "ffs": {
      "one": 3.6183,
      "plainBits": 0.90083,
      "ffStore": 1.0076,
      "srlBits": 0.99312,
      "padBits": 1.19,
      "poolIn": 0.017592,
      "ctr": 1.0788
    },
    "carries": {},
    "lutrams": {}
  },
  "ice40": {
    "yosysVersion": "0.23",
    "engine": "native",
    "rtlHash": "f36912fdaa041d14",
    "points": 40,
    "luts": {
      "one": 6.3826,
      "plainBits": 0.89243,
      "ffStore": 0.0070599,
      "srlRuns": 0.0020524,
      "padBits": 1.1105,
      "poolIn": 0.27761,
      "ctr": 1.7457,
      "tables": 0.13433
    },
    "ffs": {
      "one": 4.4188,
      "plainBits": 0.89332,
      "ffStore": 1.0084,
      "srlBits": 0.98577,
      "srlRuns": 0.064526,
      "padBits": 1.257,
      "poolIn": 0.0028145,
      "ctr": 0.92816
    },
    "carries": {
      "srlRuns": 0.013884,
      "tables": 0.10135
    },
    "lutrams": {}
  },
  "xilinx": {
    "yosysVersion": "0.23",
    "engine": "native",
    "rtlHash": "f36912fdaa041d14",
    "points": 40,
    "luts": {
      "one": 5.6106,
      "plainBits": 1.0441,
      "ffStore": 0.0067301,
      "srlRuns": 0.035242,
      "padBits": 0.82786,
      "poolIn": 0.21283,
      "ctr": 1.9914
    },
    "ffs": {
      "one": 4.4414,
      "plainBits": 0.91307,
      "ffStore": 1.0023,
      "srlRuns": 0.023557,
      "padBits": 0.95019,
      "poolIn": 0.011608,
      "ctr": 1.088
    },
    "carries": {
      "srlRuns": 0.0011027,
      "poolIn": 0.0020337,
      "tables": 0.084207
    },
    "lutrams": {
      "srlBits": 0.0000013193,
      "srlRuns": 0.99999,
      "poolIn": 1.6822e-8,
      "ctr": 5.4243e-8
    }
  }
};

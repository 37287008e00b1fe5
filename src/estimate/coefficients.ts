/**
 * Per-target coefficients of the analytic estimator (src/estimate/analytic.ts).
 * Written by `npx tsx bench/calibrate.ts --target T` (least squares on
 * Yosys results for a grid of layer shapes; the measured data is in
 * docs/results/calibration-T.json). Edit by re-running the calibration.
 */
import type { Coefs, FifoFeatures, MvuFeatures } from './analytic.js';

export interface TargetCoefficients {
  yosysVersion: string;
  engine: string;
  /** Calibration points (MVUs, FIFOs) the fit used. */
  points: { mvu: number; fifo: number };
  mvu: { luts: Coefs<MvuFeatures>; ffs: Coefs<MvuFeatures>; carries: Coefs<MvuFeatures> };
  fifo: { luts: Coefs<FifoFeatures>; ffs: Coefs<FifoFeatures>; carries: Coefs<FifoFeatures> };
  /** ROM -> BRAM rule: ROMs of at least minWords words and minBits bits; configs = [depth, width] per block, shallowest first. */
  bram: { minBits: number; minWords: number; configs: Array<[number, number]> } | null;
}

export const COEFFICIENTS: Record<string, TargetCoefficients> = {
  "ice40": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 64,
      "fifo": 32
    },
    "mvu": {
      "luts": {
        "popLanes": 2.3765,
        "addBits": 2.7809,
        "negBits": 1.8411,
        "romLuts": 1.5108,
        "inMux": 0.82607,
        "acc": 2.783,
        "constRom": 0.34981,
        "ctr": 2.8382,
        "outRegs": 0.04394
      },
      "ffs": {
        "inBuf": 0.97649,
        "xq": 1.5328,
        "romRegs": 0.54317,
        "treeRegs": 1.1589,
        "acc": 0.73557,
        "outRegs": 1.008,
        "constRom": 0.13635,
        "ctr": 2.42
      },
      "carries": {
        "popLanes": 0.47688,
        "addBits": 0.15363,
        "negBits": 2.3125,
        "acc": 1.0873,
        "ctr": 0.40091
      }
    },
    "fifo": {
      "luts": {
        "one": 15,
        "width": 0.5,
        "bits": 0.25
      },
      "ffs": {
        "one": 7,
        "width": 1,
        "bits": 0.5
      },
      "carries": {}
    },
    "bram": {
      "minBits": 1280,
      "minWords": 128,
      "configs": [
        [
          256,
          16
        ],
        [
          512,
          8
        ],
        [
          1024,
          4
        ],
        [
          2048,
          2
        ]
      ]
    }
  },
  "xilinx": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 64,
      "fifo": 32
    },
    "mvu": {
      "luts": {
        "one": 2.4789,
        "popLanes": 2.4156,
        "addBits": 2.6873,
        "negBits": 0.55326,
        "romLuts": 0.25296,
        "inMux": 0.40483,
        "acc": 1.8269,
        "constRom": 0.30287,
        "ctr": 2.5748
      },
      "ffs": {
        "inBuf": 0.97537,
        "xq": 1.4663,
        "romRegs": 0.56427,
        "treeRegs": 1.1447,
        "acc": 0.63635,
        "outRegs": 0.99631,
        "constRom": 0.22165,
        "ctr": 2.5819
      },
      "carries": {
        "popLanes": 0.18577,
        "addBits": 0.078857,
        "negBits": 0.8526,
        "acc": 0.40763,
        "score": 0.046487,
        "ctr": 0.2255
      }
    },
    "fifo": {
      "luts": {
        "one": 8.8651
      },
      "ffs": {
        "one": 7.7916
      },
      "carries": {}
    },
    "bram": {
      "minBits": 1000000000,
      "minWords": 1000000000,
      "configs": [
        [
          512,
          72
        ],
        [
          1024,
          36
        ],
        [
          2048,
          18
        ],
        [
          4096,
          9
        ],
        [
          8192,
          4
        ],
        [
          16384,
          2
        ],
        [
          32768,
          1
        ]
      ]
    }
  },
  "generic": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 64,
      "fifo": 32
    },
    "mvu": {
      "luts": {
        "popLanes": 2.1969,
        "addBits": 2.9635,
        "negBits": 1.3423,
        "romLuts": 1.7179,
        "inMux": 0.85074,
        "acc": 2.4225,
        "ctr": 3.242
      },
      "ffs": {
        "inBuf": 0.97577,
        "xq": 1.4273,
        "romRegs": 0.57915,
        "treeRegs": 1.1577,
        "acc": 0.65905,
        "outRegs": 1.0085,
        "constRom": 0.19287,
        "ctr": 2.5532
      },
      "carries": {}
    },
    "fifo": {
      "luts": {
        "one": 13,
        "width": 0.5,
        "bits": 0.25
      },
      "ffs": {
        "one": 7,
        "width": 1,
        "bits": 0.5
      },
      "carries": {}
    },
    "bram": null
  },
  "ecp5": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 64,
      "fifo": 32
    },
    "mvu": {
      "luts": {
        "one": 21.86,
        "popLanes": 3.0387,
        "addBits": 3.2355,
        "romLuts": 1.2036,
        "inMux": 1.4148,
        "acc": 0.65834,
        "constRom": 0.91475,
        "ctr": 1.0139
      },
      "ffs": {
        "one": 1.1124,
        "inBuf": 0.97284,
        "xq": 1.5026,
        "romRegs": 0.5512,
        "treeRegs": 1.1436,
        "acc": 0.81491,
        "outRegs": 1.048,
        "constRom": 0.060536,
        "ctr": 2.3143
      },
      "carries": {
        "popLanes": 0.1299,
        "addBits": 0.27227,
        "negBits": 1.3485,
        "ctr": 0.039964
      }
    },
    "fifo": {
      "luts": {
        "one": 22.617
      },
      "ffs": {
        "one": 7.7916
      },
      "carries": {}
    },
    "bram": {
      "minBits": 3072,
      "minWords": 128,
      "configs": [
        [
          512,
          36
        ],
        [
          1024,
          18
        ],
        [
          2048,
          9
        ],
        [
          4096,
          4
        ],
        [
          8192,
          2
        ],
        [
          16384,
          1
        ]
      ]
    }
  }
};

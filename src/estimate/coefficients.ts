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
  /** How the calibration designs were synthesised (absent: hierarchy kept, the tables before flattening). */
  hierarchy?: 'flat' | 'keep';
  /** Calibration points (MVUs, FIFOs) the fit used. */
  points: { mvu: number; fifo: number };
  mvu: { luts: Coefs<MvuFeatures>; ffs: Coefs<MvuFeatures>; carries: Coefs<MvuFeatures> };
  /**
   * Hardwired units (siman_hwu), fitted on hardwired calibration points with
   * their own coefficients over the same feature vocabulary; absent = not
   * calibrated (the folded coefficients are used, and the estimate says so).
   */
  hw?: { luts: Coefs<MvuFeatures>; ffs: Coefs<MvuFeatures>; carries: Coefs<MvuFeatures> };
  /** Hardwired calibration points the `hw` fit used. */
  hwPoints?: number;
  fifo: { luts: Coefs<FifoFeatures>; ffs: Coefs<FifoFeatures>; carries: Coefs<FifoFeatures> };
  /** ROM -> BRAM rule: ROMs of at least minWords words and minBits bits; configs = [depth, width] per block, shallowest first. */
  bram: BramRule | null;
  /** FIFO -> LUT-RAM rule (read off the calibration data): FIFOs at least minWidth bits wide; absent = flip-flops only. */
  fifoRam?: { minWidth: number } | null;
}

/**
 * When Yosys' memory mapper puts a ROM into block RAM, and how many blocks.
 * `minWords`/`minBits` are read off the calibration data. Targets with two
 * block sizes (Xilinx RAMB18/RAMB36) give the large one as `wideConfigs`:
 * the mapper takes whichever needs less RAMB18-sized area, the large one on
 * a tie (fewer cells). `logicPerUnit`: the mapper keeps a ROM in logic
 * while it would need fewer than `min` LUTs (width × ceil(words /
 * lutDepth)) per RAMB18-sized unit of block RAM (measured on Xilinx,
 * docs/estimates.md).
 */
export interface BramRule {
  minBits: number;
  minWords: number;
  configs: Array<[number, number]>;
  wideConfigs?: Array<[number, number]>;
  logicPerUnit?: { lutDepth: number; min: number };
}

export const COEFFICIENTS: Record<string, TargetCoefficients> = {
  "ice40": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 165,
      "fifo": 98
    },
    "mvu": {
      "luts": {
        "negWide": 0.067925,
        "popTree": 0.48705,
        "addTree": 1.1276,
        "addTreeX": 1.0511,
        "addTreeXn": 0.27861,
        "romLuts": 0.99169,
        "romAddr": 0.22847,
        "inMux": 0.96679,
        "inMuxAo": 1.263,
        "acc": 2.8391,
        "score": 1.164,
        "constRom": 0.55578,
        "outRegs": 0.73165
      },
      "ffs": {
        "one": 4.3063,
        "inBuf": 1.0487,
        "xq": 1.3364,
        "romRegs": 0.97812,
        "romRegsTiny": 0.053337,
        "treeRegs": 0.91162,
        "acc": 0.98258,
        "accScore": 0.77037,
        "outRegs": 1.0336,
        "ctr": 1.2413
      },
      "carries": {
        "popLanes": 0.62777,
        "addBits": 0.13039,
        "negWide": 0.11867,
        "popTree": 0.090912,
        "addTreeX": 0.76018,
        "addTreeXn": 0.23344,
        "acc": 1.754,
        "score": 0.38052,
        "ctr": 0.59278
      }
    },
    "fifo": {
      "luts": {
        "one": 12.931,
        "width": 0.50217,
        "bits": 0.25108
      },
      "ffs": {
        "one": 5.669,
        "width": 1.0003,
        "bits": 0.50015
      },
      "carries": {}
    },
    "bram": {
      "minBits": 0,
      "minWords": 0,
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
      ],
      "logicPerUnit": {
        "lutDepth": 16,
        "min": 72
      }
    },
    "hw": {
      "luts": {
        "popLanes": 1.1991,
        "addBits": 0.10977,
        "negBits": 1.524,
        "addTree": 1.1979,
        "romLuts": 2.197,
        "outRegs": 2.2992
      },
      "ffs": {
        "one": 2.8762,
        "inBuf": 1.0144,
        "treeRegs": 0.9467,
        "outRegs": 1.0556,
        "ctr": 2.8026
      },
      "carries": {
        "popLanes": 0.69122,
        "addBits": 0.18476,
        "negBits": 0.86328,
        "acc": 1.4441
      }
    },
    "hwPoints": 27,
    "fifoRam": null,
    "hierarchy": "flat"
  },
  "xilinx": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 165,
      "fifo": 98
    },
    "mvu": {
      "luts": {
        "popLanes": 0.78893,
        "negWide": 0.09945,
        "addTree": 0.88116,
        "addTreeX": 0.68318,
        "romLuts": 0.089494,
        "romLuts64": 0.12294,
        "romAddr": 0.20861,
        "inMux": 0.52154,
        "inMuxAo": 0.79764,
        "acc": 1.8405,
        "score": 0.56678,
        "constRom": 0.34612,
        "ctr": 0.89127,
        "outRegs": 0.2235
      },
      "ffs": {
        "one": 1.5579,
        "inBuf": 1.0463,
        "xq": 1.3243,
        "romRegs": 1.0233,
        "romRegsTiny": 0.083153,
        "treeRegs": 0.87378,
        "acc": 0.93403,
        "accScore": 0.74349,
        "outRegs": 1.027,
        "constRom": 0.029309,
        "ctr": 1.6328
      },
      "carries": {
        "popLanes": 0.36664,
        "addBits": 0.04818,
        "popTree": 0.0072577,
        "addTreeX": 0.29387,
        "addTreeXn": 0.11523,
        "acc": 0.45329,
        "score": 0.16041,
        "ctr": 0.3206
      }
    },
    "fifo": {
      "luts": {
        "one": 8.5862,
        "ram": 8.6623
      },
      "ffs": {
        "one": 5.9998,
        "width": 0.000017999,
        "bits": 0.0000089996,
        "ram": 6,
        "ramWidth": 2.4279e-8
      },
      "carries": {}
    },
    "bram": {
      "minBits": 0,
      "minWords": 0,
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
      ],
      "wideConfigs": [
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
      ],
      "logicPerUnit": {
        "lutDepth": 64,
        "min": 132
      }
    },
    "hw": {
      "luts": {
        "popLanes": 0.98358,
        "negBits": 0.9723,
        "addTree": 1.0061,
        "romLuts": 1.7228
      },
      "ffs": {
        "inBuf": 1.0187,
        "treeRegs": 0.93466,
        "acc": 0.0084907,
        "outRegs": 1.0217,
        "constRom": 0.076028,
        "ctr": 3.6355
      },
      "carries": {
        "popLanes": 0.35275,
        "addBits": 0.070924,
        "negBits": 0.31877,
        "addTree": 0.000693,
        "acc": 0.43392
      }
    },
    "hwPoints": 27,
    "fifoRam": {
      "minWidth": 8
    },
    "hierarchy": "flat"
  },
  "generic": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 127,
      "fifo": 79
    },
    "mvu": {
      "luts": {
        "popLanes": 0.77499,
        "negWide": 0.48742,
        "addTree": 1.0278,
        "addTreeX": 1.0214,
        "romLuts": 1.2621,
        "romAddr": 0.39935,
        "inMux": 0.85198,
        "inMuxAo": 0.86482,
        "acc": 0.80273,
        "score": 0.77103,
        "constRom": 0.78568,
        "ctr": 2.5504
      },
      "ffs": {
        "one": 3.4004,
        "inBuf": 1.0659,
        "xq": 1.3108,
        "romRegs": 1.2354,
        "romRegsTiny": 0.10192,
        "treeRegs": 0.73755,
        "acc": 0.70627,
        "accScore": 0.61631,
        "outRegs": 0.94685,
        "constRom": 0.21133,
        "ctr": 1.5085
      },
      "carries": {}
    },
    "fifo": {
      "luts": {
        "one": 9.9149,
        "width": 0.50547,
        "bits": 0.25274
      },
      "ffs": {
        "one": 5.6883,
        "width": 0.99817,
        "bits": 0.49908
      },
      "carries": {}
    },
    "bram": null,
    "hw": {
      "luts": {
        "popLanes": 1.9425,
        "addBits": 0.65296,
        "negBits": 0.97741,
        "addTree": 0.97252,
        "romLuts": 0.80509
      },
      "ffs": {
        "inBuf": 1.002,
        "treeRegs": 0.90936,
        "acc": 0.041869,
        "outRegs": 0.83371,
        "constRom": 0.01448,
        "ctr": 5.8002
      },
      "carries": {}
    },
    "hwPoints": 27,
    "fifoRam": null,
    "hierarchy": "flat"
  },
  "ecp5": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 161,
      "fifo": 96
    },
    "mvu": {
      "luts": {
        "one": 7.8216,
        "popLanes": 1.0263,
        "negWide": 0.14216,
        "addTree": 0.99258,
        "addTreeX": 0.13742,
        "romLuts": 0.5638,
        "romAddr": 0.11945,
        "inMux": 1.0136,
        "inMuxAo": 1.2307,
        "acc": 1.9977,
        "score": 0.59941,
        "constRom": 0.066332,
        "ctr": 1.4382,
        "outRegs": 0.28218
      },
      "ffs": {
        "one": 3.7017,
        "inBuf": 1.048,
        "xq": 1.3728,
        "romRegs": 1.0105,
        "romRegsTiny": 0.051881,
        "treeRegs": 0.87262,
        "acc": 0.99014,
        "accScore": 0.86854,
        "outRegs": 1.0244,
        "ctr": 1.2839
      },
      "carries": {
        "popLanes": 0.059458,
        "addBits": 0.081946,
        "negWide": 0.11816,
        "popTree": 0.24941,
        "addTree": 0.034837,
        "addTreeX": 0.47121,
        "acc": 0.91527,
        "ctr": 0.20733
      }
    },
    "fifo": {
      "luts": {
        "one": 6.7943,
        "width": 0.15909,
        "bits": 0.079545,
        "ram": 8.2881,
        "ramWidth": 0.00018369
      },
      "ffs": {
        "one": 5.9998,
        "width": 0.000017999,
        "bits": 0.0000089996,
        "ram": 6,
        "ramWidth": 2.3223e-8
      },
      "carries": {}
    },
    "bram": {
      "minBits": 1632,
      "minWords": 48,
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
    },
    "hw": {
      "luts": {
        "popLanes": 0.91954,
        "negBits": 0.24896,
        "addTree": 0.90753,
        "romLuts": 3.2667,
        "outRegs": 0.10787
      },
      "ffs": {
        "one": 2.9308,
        "inBuf": 1.0151,
        "treeRegs": 0.94537,
        "outRegs": 1.0581,
        "ctr": 2.7646
      },
      "carries": {
        "popLanes": 0.36552,
        "addBits": 0.13285,
        "negBits": 0.46915,
        "acc": 0.8426
      }
    },
    "hwPoints": 27,
    "fifoRam": {
      "minWidth": 8
    },
    "hierarchy": "flat"
  }
};

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
      "mvu": 161,
      "fifo": 96
    },
    "mvu": {
      "luts": {
        "popLanes": 0.83928,
        "addBits": 0.64998,
        "negWide": 0.15328,
        "addTree": 0.64585,
        "addTreeX": 0.72916,
        "romLuts": 1.3678,
        "inMux": 0.9678,
        "inMuxAo": 1.311,
        "acc": 3.2928,
        "score": 1.2638,
        "constRom": 0.28142,
        "outRegs": 0.72491
      },
      "ffs": {
        "one": 4.5263,
        "inBuf": 1.0502,
        "xq": 1.3426,
        "romRegs": 0.98073,
        "romRegsTiny": 0.048105,
        "treeRegs": 0.889,
        "acc": 0.99179,
        "accScore": 0.77398,
        "outRegs": 1.0323,
        "ctr": 1.2128
      },
      "carries": {
        "popLanes": 0.57949,
        "addBits": 0.17129,
        "negWide": 0.18339,
        "popTree": 0.13268,
        "addTreeX": 0.74345,
        "addTreeXn": 0.23692,
        "acc": 1.6563,
        "score": 0.35609,
        "ctr": 0.61305
      }
    },
    "fifo": {
      "luts": {
        "one": 12.928,
        "width": 0.50231,
        "bits": 0.25116
      },
      "ffs": {
        "one": 5.6695,
        "width": 1.0003,
        "bits": 0.50013
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
      "mvu": 161,
      "fifo": 96
    },
    "mvu": {
      "luts": {
        "popLanes": 0.61678,
        "addBits": 0.3554,
        "negWide": 0.3481,
        "addTree": 0.71639,
        "addTreeX": 0.51195,
        "romLuts": 0.037238,
        "romLuts64": 0.22073,
        "romAddr": 0.24961,
        "inMux": 0.5172,
        "inMuxAo": 0.9786,
        "acc": 1.8253,
        "score": 0.66709,
        "constRom": 0.48178,
        "ctr": 0.60092,
        "outRegs": 0.2431
      },
      "ffs": {
        "one": 1.8019,
        "inBuf": 1.0476,
        "xq": 1.3316,
        "romRegs": 1.0263,
        "romRegsTiny": 0.078881,
        "treeRegs": 0.84872,
        "acc": 0.94647,
        "accScore": 0.74686,
        "outRegs": 1.0264,
        "constRom": 0.025977,
        "ctr": 1.6018
      },
      "carries": {
        "popLanes": 0.35092,
        "addBits": 0.061968,
        "popTree": 0.02116,
        "addTreeX": 0.31488,
        "addTreeXn": 0.084106,
        "acc": 0.42043,
        "score": 0.15124,
        "ctr": 0.32774
      }
    },
    "fifo": {
      "luts": {
        "one": 8.5862,
        "ram": 8.6543
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
        "popLanes": 0.55533,
        "negWide": 1.2027,
        "addTree": 1.1703,
        "addTreeX": 1.0359,
        "romLuts": 1.382,
        "romAddr": 0.43394,
        "inMux": 0.8598,
        "inMuxAo": 1.2185,
        "acc": 1.3116,
        "score": 1.1029,
        "constRom": 0.86752,
        "ctr": 1.7912
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
        "one": 6.6115,
        "popLanes": 1.0202,
        "addBits": 0.045819,
        "negWide": 0.38816,
        "addTree": 0.99927,
        "addTreeX": 0.11233,
        "romLuts": 0.88309,
        "inMux": 1.0086,
        "inMuxAo": 1.2655,
        "acc": 2.0818,
        "score": 0.68833,
        "constRom": 0.083557,
        "ctr": 1.4266,
        "outRegs": 0.25658
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

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
      "mvu": 168,
      "fifo": 101
    },
    "mvu": {
      "luts": {
        "one": 5.1504,
        "popTree": 0.1769,
        "addTree": 1.0742,
        "addTreeX": 1.0145,
        "addTreeXn": 0.18805,
        "romLuts": 1.1402,
        "romAddr": 0.28804,
        "bramGate": 1.5798,
        "inMux": 0.8806,
        "inMuxAo": 0.9289,
        "acc": 2.5428,
        "score": 2.0179,
        "constRom": 0.20365,
        "ctr": 0.030887,
        "outRegs": 0.51635
      },
      "ffs": {
        "one": 4.2742,
        "inBuf": 1.0484,
        "xq": 1.3326,
        "romRegs": 0.97257,
        "romRegsTiny": 0.054292,
        "treeRegs": 0.91327,
        "acc": 0.9834,
        "accScore": 0.77029,
        "outRegs": 1.0335,
        "ctr": 1.2482
      },
      "carries": {
        "popLanes": 0.62357,
        "addBits": 0.13042,
        "negWide": 0.1187,
        "popTree": 0.094027,
        "addTreeX": 0.76017,
        "addTreeXn": 0.23359,
        "acc": 1.7532,
        "score": 0.38036,
        "ctr": 0.5943
      }
    },
    "fifo": {
      "luts": {
        "one": 12.933,
        "width": 0.50211,
        "bits": 0.25105
      },
      "ffs": {
        "one": 5.6696,
        "width": 1.0005,
        "bits": 0.50024
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
        "popLanes": 1.417,
        "negBits": 3.7578,
        "addTree": 1.3568,
        "addTreeX": 0.024504,
        "romLuts": 1.7701,
        "acc": 0.34159,
        "outRegs": 2.8142
      },
      "ffs": {
        "one": 2.0855,
        "inBuf": 1.0209,
        "treeRegs": 0.92263,
        "acc": 0.098651,
        "outRegs": 0.99937,
        "ctr": 2.8388
      },
      "carries": {
        "negBits": 0.99391,
        "negWide": 0.71485,
        "popTree": 0.56455,
        "addTree": 0.10852,
        "addTreeX": 0.13423,
        "addTreeXn": 0.95423,
        "acc": 2.1844
      }
    },
    "hwPoints": 30,
    "fifoRam": null,
    "hierarchy": "flat"
  },
  "xilinx": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 168,
      "fifo": 101
    },
    "mvu": {
      "luts": {
        "popLanes": 0.0013711,
        "addBits": 0.40561,
        "negWide": 0.0087599,
        "popTree": 0.19429,
        "addTree": 0.52916,
        "addTreeX": 0.42447,
        "romLuts": 0.077851,
        "romLuts64": 0.65168,
        "romAddr": 0.22277,
        "bramGate": 1.3733,
        "inMux": 0.44931,
        "inMuxAo": 0.61832,
        "acc": 1.67,
        "score": 1.2837,
        "constRom": 0.17325,
        "ctr": 1.8561
      },
      "ffs": {
        "one": 1.4996,
        "inBuf": 1.0463,
        "xq": 1.3202,
        "romRegs": 1.0192,
        "romRegsTiny": 0.084824,
        "treeRegs": 0.87434,
        "acc": 0.93513,
        "accScore": 0.74483,
        "outRegs": 1.0276,
        "constRom": 0.029447,
        "ctr": 1.6392
      },
      "carries": {
        "popLanes": 0.36335,
        "addBits": 0.048201,
        "popTree": 0.0096721,
        "addTreeX": 0.29387,
        "addTreeXn": 0.11532,
        "acc": 0.45277,
        "score": 0.16008,
        "ctr": 0.32186
      }
    },
    "fifo": {
      "luts": {
        "one": 8.5862,
        "ram": 8.6605
      },
      "ffs": {
        "one": 5.9998,
        "width": 0.000017999,
        "bits": 0.0000089996,
        "ram": 6,
        "ramWidth": 2.4831e-8
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
        "popLanes": 1.1625,
        "negBits": 1.1634,
        "addTree": 1.0258,
        "addTreeX": 0.46648,
        "romLuts": 1.5274
      },
      "ffs": {
        "inBuf": 1.0284,
        "treeRegs": 0.89797,
        "acc": 0.1157,
        "outRegs": 1.0339,
        "constRom": 0.013019,
        "ctr": 3.6213
      },
      "carries": {
        "negBits": 0.42825,
        "negWide": 0.21824,
        "popTree": 0.29406,
        "addTree": 0.047732,
        "addTreeX": 0.032895,
        "addTreeXn": 0.50342,
        "acc": 0.67582
      }
    },
    "hwPoints": 30,
    "fifoRam": {
      "minWidth": 8
    },
    "hierarchy": "flat"
  },
  "generic": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 130,
      "fifo": 82
    },
    "mvu": {
      "luts": {
        "popLanes": 0.77161,
        "negWide": 0.48943,
        "addTree": 1.028,
        "addTreeX": 1.0208,
        "romLuts": 1.2655,
        "romAddr": 0.39837,
        "inMux": 0.8484,
        "inMuxAo": 0.86423,
        "acc": 0.81763,
        "score": 0.76462,
        "constRom": 0.77312,
        "ctr": 2.566
      },
      "ffs": {
        "one": 3.2641,
        "inBuf": 1.065,
        "xq": 1.2952,
        "romRegs": 1.2033,
        "romRegsTiny": 0.10495,
        "treeRegs": 0.74148,
        "acc": 0.71628,
        "accScore": 0.61634,
        "outRegs": 0.94871,
        "constRom": 0.2063,
        "ctr": 1.5355
      },
      "carries": {}
    },
    "fifo": {
      "luts": {
        "one": 9.9218,
        "width": 0.50525,
        "bits": 0.25262
      },
      "ffs": {
        "one": 5.6971,
        "width": 0.99783,
        "bits": 0.49892
      },
      "carries": {}
    },
    "bram": null,
    "hw": {
      "luts": {
        "popLanes": 2.2142,
        "negBits": 2.7627,
        "addTree": 1.5337,
        "addTreeX": 0.31009,
        "romLuts": 0.29645,
        "acc": 0.63858
      },
      "ffs": {
        "inBuf": 1.0267,
        "treeRegs": 0.82739,
        "acc": 0.21578,
        "outRegs": 0.8075,
        "ctr": 5.3445
      },
      "carries": {}
    },
    "hwPoints": 30,
    "fifoRam": null,
    "hierarchy": "flat"
  },
  "ecp5": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 168,
      "fifo": 101
    },
    "mvu": {
      "luts": {
        "one": 18.893,
        "popLanes": 0.0043255,
        "popTree": 0.076872,
        "addTree": 0.96946,
        "addTreeX": 0.072873,
        "addTreeXn": 0.067593,
        "romLuts": 0.88813,
        "romAddr": 0.30299,
        "bramGate": 1.4798,
        "inMux": 0.89823,
        "inMuxAo": 0.87068,
        "acc": 1.4115,
        "score": 1.2333,
        "ctr": 0.58306,
        "outRegs": 0.18361
      },
      "ffs": {
        "one": 3.435,
        "inBuf": 1.0459,
        "xq": 1.3648,
        "romRegs": 1.0012,
        "romRegsTiny": 0.058889,
        "treeRegs": 0.89416,
        "acc": 0.98295,
        "accScore": 0.86569,
        "outRegs": 1.0259,
        "ctr": 1.32
      },
      "carries": {
        "popLanes": 0.058874,
        "addBits": 0.1014,
        "negWide": 0.050444,
        "popTree": 0.24628,
        "addTreeX": 0.45607,
        "acc": 0.96182,
        "ctr": 0.20896
      }
    },
    "fifo": {
      "luts": {
        "one": 6.7943,
        "width": 0.15909,
        "bits": 0.079545,
        "ram": 8.2987,
        "ramWidth": 0.000041528
      },
      "ffs": {
        "one": 5.9998,
        "width": 0.000017999,
        "bits": 0.0000089996,
        "ram": 6,
        "ramWidth": 2.4831e-8
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
        "popLanes": 1.0095,
        "negBits": 0.8518,
        "addTree": 0.9459,
        "romLuts": 3.1478
      },
      "ffs": {
        "one": 2.1135,
        "inBuf": 1.0214,
        "treeRegs": 0.92152,
        "acc": 0.099465,
        "outRegs": 1.0004,
        "ctr": 2.8166
      },
      "carries": {
        "negBits": 0.46207,
        "negWide": 0.55539,
        "popTree": 0.29649,
        "addTree": 0.087035,
        "addTreeX": 0.11455,
        "addTreeXn": 0.31511,
        "acc": 1.3048
      }
    },
    "hwPoints": 30,
    "fifoRam": {
      "minWidth": 8
    },
    "hierarchy": "flat"
  }
};

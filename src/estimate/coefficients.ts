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
      "mvu": 104,
      "fifo": 52
    },
    "mvu": {
      "luts": {
        "popLanes": 2.1524,
        "addBits": 2.1597,
        "negBits": 1.3458,
        "addTree": 0.48887,
        "addTreeX": 0.50374,
        "addTreeXn": 0.72029,
        "romLuts": 1.3355,
        "inMux": 0.82478,
        "inMuxAo": 0.82833,
        "acc": 3.4536,
        "score": 3.2106,
        "ctr": 2.6103,
        "outRegs": 0.17
      },
      "ffs": {
        "one": 10.659,
        "inBuf": 1.0311,
        "xq": 1.3278,
        "romRegs": 0.99538,
        "romRegsTiny": 0.055703,
        "treeRegs": 0.89008,
        "acc": 1.023,
        "accScore": 0.84558,
        "outRegs": 1.1309,
        "constRom": 0.0054626,
        "ctr": 0.82123
      },
      "carries": {
        "addBits": 0.14852,
        "negBits": 0.56524,
        "negWide": 0.21583,
        "popTree": 0.10304,
        "addTreeX": 0.80747,
        "addTreeXn": 0.5341,
        "acc": 1.9252,
        "score": 1.4129,
        "ctr": 0.42269
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
      "minBits": 616,
      "minWords": 72,
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
    },
    "fifoRam": null
  },
  "xilinx": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 104,
      "fifo": 52
    },
    "mvu": {
      "luts": {
        "one": 7.5809,
        "popLanes": 0.62261,
        "addBits": 1.2764,
        "popTree": 0.46347,
        "addTree": 0.8072,
        "addTreeX": 0.7136,
        "addTreeXn": 0.70548,
        "romLuts64": 0.99971,
        "inMux": 0.39649,
        "inMuxAo": 0.56616,
        "acc": 3.6953,
        "score": 2.4691,
        "ctr": 1.628,
        "outRegs": 0.094199
      },
      "ffs": {
        "one": 10.872,
        "inBuf": 1.033,
        "xq": 1.2683,
        "romRegs": 1.0058,
        "romRegsTiny": 0.070753,
        "treeRegs": 0.88194,
        "acc": 0.92558,
        "accScore": 0.69227,
        "outRegs": 1.117,
        "constRom": 0.092006,
        "ctr": 0.94606
      },
      "carries": {
        "addBits": 0.057008,
        "negBits": 0.12091,
        "popTree": 0.049469,
        "addTreeX": 0.4214,
        "addTreeXn": 0.49675,
        "acc": 0.5598,
        "score": 0.63361,
        "ctr": 0.24121
      }
    },
    "fifo": {
      "luts": {
        "one": 9,
        "width": 0.5,
        "bits": 0.25,
        "ram": 8,
        "ramWidth": 9.331e-7
      },
      "ffs": {
        "one": 7,
        "width": 1,
        "bits": 0.5,
        "ram": 7,
        "ramWidth": 8.1646e-7
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
    "fifoRam": {
      "minWidth": 16
    }
  },
  "generic": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 104,
      "fifo": 52
    },
    "mvu": {
      "luts": {
        "popLanes": 1.3976,
        "addBits": 2.8619,
        "negBits": 0.55484,
        "popTree": 0.19137,
        "addTreeX": 0.33021,
        "addTreeXn": 0.338,
        "romLuts": 1.5843,
        "inMux": 0.80211,
        "inMuxAo": 0.94916,
        "acc": 3.2404,
        "score": 3.4062,
        "ctr": 2.6679,
        "outRegs": 0.13498
      },
      "ffs": {
        "one": 10.524,
        "inBuf": 1.0323,
        "xq": 1.2737,
        "romRegs": 0.95846,
        "romRegsTiny": 0.075592,
        "treeRegs": 0.86629,
        "acc": 0.92323,
        "accScore": 0.68222,
        "outRegs": 1.1118,
        "constRom": 0.1027,
        "ctr": 1.0246
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
    "bram": null,
    "fifoRam": null
  },
  "ecp5": {
    "yosysVersion": "0.23",
    "engine": "native",
    "points": {
      "mvu": 104,
      "fifo": 52
    },
    "mvu": {
      "luts": {
        "one": 9.1622,
        "popLanes": 1.8105,
        "addBits": 0.85812,
        "negWide": 1.0326,
        "addTree": 1.3301,
        "addTreeXn": 1.4383,
        "romLuts": 1.4297,
        "inMux": 0.80795,
        "inMuxAo": 0.82125,
        "acc": 1.8237,
        "score": 0.72024,
        "ctr": 1.8092,
        "outRegs": 0.23465
      },
      "ffs": {
        "one": 11.778,
        "inBuf": 1.032,
        "xq": 1.3078,
        "romRegs": 0.99485,
        "romRegsTiny": 0.048854,
        "treeRegs": 0.90087,
        "acc": 0.98645,
        "accScore": 0.8619,
        "outRegs": 1.1236,
        "constRom": 0.036551,
        "ctr": 0.78197
      },
      "carries": {
        "addBits": 0.039471,
        "negWide": 0.47179,
        "popTree": 0.084666,
        "addTree": 0.056964,
        "addTreeX": 0.53393,
        "acc": 1.1023,
        "score": 0.30485,
        "ctr": 0.20777
      }
    },
    "fifo": {
      "luts": {
        "one": 13,
        "width": 0.50001,
        "bits": 0.25,
        "ram": 11,
        "ramWidth": 0.0000010266
      },
      "ffs": {
        "one": 7,
        "width": 1,
        "bits": 0.5,
        "ram": 7,
        "ramWidth": 6.5332e-7
      },
      "carries": {}
    },
    "bram": {
      "minBits": 1632,
      "minWords": 96,
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
    "fifoRam": {
      "minWidth": 12
    }
  }
};

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
  /** FIFO -> LUT-RAM rule (read off the calibration data): FIFOs at least minWidth bits wide; absent = flip-flops only. */
  fifoRam?: { minWidth: number } | null;
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
        "popLanes": 2.1579,
        "addBits": 2.1838,
        "negBits": 2.32,
        "addTree": 0.48542,
        "addTreeXn": 0.38278,
        "romLuts": 1.3221,
        "romNp2": 0.063815,
        "inMux": 0.82155,
        "inShift": 0.6874,
        "acc": 3.2179,
        "score": 0.049232,
        "ctr": 2.6709,
        "outRegs": 0.086769
      },
      "ffs": {
        "one": 9.3831,
        "inBuf": 1.0316,
        "xq": 1.3568,
        "romRegs": 0.99676,
        "romRegsTiny": 0.043967,
        "treeRegs": 0.90503,
        "acc": 0.92737,
        "outRegs": 1.0926,
        "constRom": 0.099125,
        "ctr": 0.93725
      },
      "carries": {
        "addBits": 0.16335,
        "negBits": 1.2558,
        "popTree": 0.10414,
        "addTreeX": 0.44968,
        "addTreeXn": 0.30898,
        "inShift": 0.010236,
        "acc": 1.7128,
        "ctr": 0.35799
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
      "minBits": 1440,
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
        "popLanes": 0.35866,
        "addBits": 1.5824,
        "negBits": 0.40671,
        "popTree": 0.56222,
        "addTree": 0.59541,
        "addTreeX": 0.36907,
        "addTreeXn": 0.591,
        "romLuts": 0.047305,
        "romLuts64": 0.97384,
        "romNp2": 0.015811,
        "romNp2Cols": 0.25685,
        "inMux": 0.42351,
        "inShift": 0.50855,
        "acc": 3.0711,
        "constRom": 0.08461,
        "ctr": 2.0383,
        "outRegs": 0.0061451
      },
      "ffs": {
        "one": 9.1465,
        "inBuf": 1.0337,
        "xq": 1.2988,
        "romRegs": 1.0186,
        "romRegsTiny": 0.056665,
        "treeRegs": 0.90272,
        "acc": 0.79647,
        "outRegs": 1.0754,
        "constRom": 0.21341,
        "ctr": 1.0953
      },
      "carries": {
        "addBits": 0.056689,
        "negBits": 0.10049,
        "popTree": 0.049529,
        "addTreeX": 0.43158,
        "addTreeXn": 0.50562,
        "inShift": 0.0021116,
        "acc": 0.56158,
        "score": 0.073273,
        "ctr": 0.2361
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
        "addBits": 2.7976,
        "negBits": 0.76537,
        "popTree": 0.64296,
        "addTreeX": 0.23157,
        "addTreeXn": 0.033861,
        "romLuts": 1.5655,
        "romNp2": 0.080458,
        "inMux": 0.67587,
        "inShift": 0.16824,
        "acc": 4.1151,
        "constRom": 0.17313,
        "ctr": 2.8322
      },
      "ffs": {
        "one": 8.7494,
        "inBuf": 1.0332,
        "xq": 1.3031,
        "romRegs": 0.97021,
        "romRegsTiny": 0.06148,
        "treeRegs": 0.88782,
        "acc": 0.78934,
        "outRegs": 1.0711,
        "constRom": 0.22832,
        "ctr": 1.1734
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
        "popLanes": 2.8441,
        "addBits": 1.0885,
        "addTree": 1.878,
        "addTreeXn": 2.4375,
        "romLuts": 0.98115,
        "romNp2": 0.037813,
        "romNp2Cols": 0.48916,
        "inMux": 1.7553,
        "inShift": 1.8684,
        "acc": 2.5024,
        "ctr": 0.32768,
        "outRegs": 0.20762
      },
      "ffs": {
        "one": 10.84,
        "inBuf": 1.0324,
        "xq": 1.325,
        "romRegs": 0.9968,
        "romRegsTiny": 0.040917,
        "treeRegs": 0.9118,
        "acc": 0.91845,
        "outRegs": 1.1029,
        "constRom": 0.10098,
        "ctr": 0.86077
      },
      "carries": {
        "addBits": 0.15129,
        "negBits": 0.96828,
        "popTree": 0.092718,
        "inShift": 0.013207,
        "acc": 0.6127,
        "ctr": 0.085989
      }
    },
    "fifo": {
      "luts": {
        "one": 23,
        "width": 0.50001,
        "bits": 0.25001,
        "ram": 21,
        "ramWidth": 0.00000196
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
      "minBits": 3488,
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
    },
    "fifoRam": {
      "minWidth": 12
    }
  }
};

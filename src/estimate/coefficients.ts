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
        "popLanes": 2.1273,
        "addBits": 2.2212,
        "negBits": 1.3472,
        "addTree": 0.44637,
        "addTreeX": 0.46972,
        "addTreeXn": 0.73247,
        "romLuts": 1.3647,
        "inMux": 0.8319,
        "inMuxAo": 0.83519,
        "acc": 3.3255,
        "constRom": 0.044279,
        "ctr": 2.5581,
        "outRegs": 0.15307
      },
      "ffs": {
        "one": 9.3642,
        "inBuf": 1.0317,
        "xq": 1.349,
        "romRegs": 1.0042,
        "romRegsTiny": 0.045178,
        "treeRegs": 0.90633,
        "acc": 0.92454,
        "outRegs": 1.1012,
        "constRom": 0.09741,
        "ctr": 0.93001
      },
      "carries": {
        "addBits": 0.16468,
        "negBits": 1.3569,
        "popTree": 0.10417,
        "addTreeX": 0.3998,
        "addTreeXn": 0.26522,
        "acc": 1.709,
        "ctr": 0.33212
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
        "addBits": 1.4987,
        "popTree": 0.65114,
        "addTree": 0.651,
        "addTreeX": 0.59341,
        "addTreeXn": 0.74767,
        "romLuts": 0.034408,
        "romLuts64": 1.0822,
        "inMux": 0.40009,
        "inMuxAo": 0.56885,
        "acc": 3.2729,
        "constRom": 0.21907,
        "ctr": 2.045,
        "outRegs": 0.01701
      },
      "ffs": {
        "one": 9.1534,
        "inBuf": 1.0338,
        "xq": 1.2969,
        "romRegs": 1.0169,
        "romRegsTiny": 0.057014,
        "treeRegs": 0.90287,
        "acc": 0.79616,
        "outRegs": 1.0777,
        "constRom": 0.21347,
        "ctr": 1.0898
      },
      "carries": {
        "addBits": 0.057008,
        "negBits": 0.12091,
        "popTree": 0.049469,
        "addTreeX": 0.4214,
        "addTreeXn": 0.49675,
        "acc": 0.5598,
        "score": 0.073813,
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
        "popLanes": 1.3976,
        "addBits": 2.8619,
        "negBits": 0.55484,
        "popTree": 0.19138,
        "addTreeX": 0.33021,
        "addTreeXn": 0.338,
        "romLuts": 1.5843,
        "inMux": 0.80211,
        "inMuxAo": 0.94916,
        "acc": 3.2404,
        "score": 0.16579,
        "ctr": 2.6679,
        "outRegs": 0.13498
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
        "addBits": 0.99176,
        "popTree": 0.8931,
        "addTree": 1.9066,
        "addTreeXn": 2.2364,
        "romLuts": 1.2364,
        "inMux": 1.5903,
        "inMuxAo": 2.1978,
        "acc": 3.5115,
        "constRom": 0.20807,
        "outRegs": 0.12753
      },
      "ffs": {
        "one": 10.867,
        "inBuf": 1.0324,
        "xq": 1.3227,
        "romRegs": 1.0017,
        "romRegsTiny": 0.041455,
        "treeRegs": 0.91229,
        "acc": 0.91783,
        "outRegs": 1.1027,
        "constRom": 0.10061,
        "ctr": 0.85825
      },
      "carries": {
        "addBits": 0.153,
        "negBits": 0.98963,
        "popTree": 0.092078,
        "acc": 0.61953,
        "ctr": 0.10662
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

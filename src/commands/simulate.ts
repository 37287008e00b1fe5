/** `siman-hw simulate`: run the TypeScript cycle simulator of the generated design. */
import { DESIGN_OPTIONS, designFromOptions } from './design-options.js';
import { STREAM_HELP, STREAM_OPTIONS, streamSettings } from './stream-options.js';
import { affineValue, argmax } from '../ref/predict.js';
import { REGISTER_GROUPS, type RegisterGroup } from '../sim/unit-base.js';
import { simulateDesign } from '../sim/simulate.js';
import { VcdWriter } from '../sim/vcd.js';
import { traceTiming } from '../verify/trace.js';
import { FOLD_HELP } from './generate.js';
import { optString, toJson, type Command } from './command.js';

/** Register group names as the RTL spells them. */
const GROUP_LABEL: Record<RegisterGroup, string> = {
  inBuf: 'in_buf',
  xq: 'x_q',
  partial: 'tree',
  acc: 'acc',
  out: 'm_tdata',
};

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run the cycle-level simulator of the generated design: predictions, cycles, utilisation, activity',
  help: `usage: siman-hw simulate MODEL [--input FILE [--labels last] | --vectors N] [--stall P --seed S] [--fold SPEC] [--mode M] [--vcd FILE] [--json]

Streams the vectors through a cycle-exact TypeScript model of the design
that 'generate' writes (same folding, pipeline depths, FIFOs and
handshakes; the same cycle numbers as the Verilator harness), with the
seeded stall pattern on both stream ends. Prints the predictions (and the
accuracy when FILE has labels), the total cycles, the measured II and
latency next to the planned ones, and per layer the utilisation (cycles
doing useful work) and the switching activity of its main registers
(average bit flips per flip-flop per cycle). See docs/simulator.md.

options:
${STREAM_HELP}
${FOLD_HELP}
      --top NAME           top module name (default siman_top)
      --vcd FILE           write a VCD of the ports and of each layer's
                           handshakes and accumulators (1 cycle = 10 ns)
      --json               print everything as JSON

example:
  siman-hw simulate examples/digits/digits-mlp.json --input examples/digits/digits.csv --labels last --stall 0.3
`,
  options: {
    ...DESIGN_OPTIONS,
    ...STREAM_OPTIONS,
    vcd: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const flow = designFromOptions(positionals[0]!, options, io);
    const { seed, stall, stallPermille, inputs, watchdogCycles } = streamSettings(options, flow.model.input, flow.plan);
    const vcdPath = optString(options, 'vcd');
    const vcd = vcdPath ? VcdWriter.toFile(vcdPath) : undefined;
    const plan = flow.plan;
    const result = simulateDesign(plan, inputs, {
      seed,
      stallPermille,
      watchdogCycles,
      activity: true,
      ...(vcd ? { vcd } : {}),
    });
    const timing = traceTiming(result);

    const head = flow.network.head;
    const classes = plan.classes;
    const logits = new Float64Array(classes);
    const predictions = result.scores.map((s) => {
      for (let c = 0; c < classes; c++) logits[c] = affineValue(s[c]!, c, head.alpha, head.bias, head.batchnorm);
      return argmax(logits);
    });
    let correct = 0;
    if (inputs.labels) for (let r = 0; r < inputs.count; r++) if (predictions[r] === inputs.labels[r]) correct++;
    const accuracy = inputs.labels ? correct / inputs.count : null;

    if (options.json === true) {
      io.out(
        toJson({
          count: inputs.count,
          classes,
          seed,
          stall,
          fold: flow.design.manifest.fold,
          accuracy,
          predictions,
          scores: result.scores.map((s) => Array.from(s)),
          cycles: result.totalCycles,
          iiPlanned: plan.iiCycles,
          iiMeasured: timing.iiCycles,
          latencyPlanned: plan.latencyCycles,
          latencyMeasured: timing.latencyCycles,
          inputCycles: result.inputCycles,
          outputCycles: result.outputCycles,
          layers: result.layers,
          fifoMaxOccupancy: result.fifoMaxOccupancy,
        }),
      );
      return 0;
    }
    io.out(`${inputs.count} vectors, ${classes} classes, stall ${stall} (seed ${seed}), fold ${flow.design.manifest.fold}\n`);
    if (accuracy !== null) io.out(`accuracy ${(accuracy * 100).toFixed(2)}% (${correct}/${inputs.count})\n`);
    else io.out(`predictions: ${predictions.slice(0, 32).join(' ')}${inputs.count > 32 ? ' …' : ''}\n`);
    io.out(
      `${result.totalCycles} cycles, II ${timing.iiCycles ?? '-'} (planned ${plan.iiCycles}), latency ${timing.latencyCycles ?? '-'} (planned ${plan.latencyCycles})\n`,
    );
    for (const l of result.layers) {
      const lp = plan.layers[l.index]!;
      const act = l.activity
        ? REGISTER_GROUPS.filter((g) => l.activity![g].bits > 0)
            .map((g) => `${GROUP_LABEL[g]} ${l.activity![g].rate.toFixed(3)}`)
            .join(', ')
        : 'not modelled';
      const per = lp.positions > 1 ? ` (${lp.positions} windows x ${lp.iiCycles})` : '';
      io.out(
        `layer ${l.index} (${l.name}): ${lp.in} -> ${lp.out}, PE ${lp.pe} SIMD ${lp.simd}, II ${l.iiCycles}${per}: ` +
          `utilisation ${(l.utilisation * 100).toFixed(1)}%, stalled ${l.stallCycles} cycles; toggles/bit/cycle: ${act}\n`,
      );
    }
    if (vcdPath) io.out(`wrote ${vcdPath}\n`);
    return 0;
  },
};

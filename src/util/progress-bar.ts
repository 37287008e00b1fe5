/**
 * A progress bar on stderr for long reference runs (cli-progress). It shows
 * only on a terminal, and only once a run has taken a second, so short
 * runs, pipes, logs and --json outputs stay clean.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A bar labelled `label`, or a no-op when `enabled` is false or stderr is not a TTY. */
export function progressBar(label: string, enabled: boolean, delayMs = 1000): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const start = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total) {
      if (!bar) {
        if (Date.now() - start < delayMs || done >= total) return;
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} vectors, {eta_formatted} left`, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      } else bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

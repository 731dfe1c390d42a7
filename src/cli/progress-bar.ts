/** Progress on stderr with rate and ETA: a live bar on a terminal, plain lines otherwise. */
import cliProgress from 'cli-progress';

/** Reports how many of `total` items are done. */
export interface ProgressReporter {
  update(done: number): void;
  stop(): void;
}

/** Formats seconds as "1m 05s" or "12s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A progress reporter for `total` items called `unit`, starting at `initial` (resumed work). */
export function progressReporter(total: number, unit: string, initial = 0, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = Date.now();
  const stats = (done: number): { rate: string; eta: string } => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? (done - initial) / seconds : 0;
    return { rate: rate.toFixed(2), eta: formatSeconds(rate > 0 ? (total - done) / rate : Infinity) };
  };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `{bar} {value}/{total} ${unit} | {rate} ${unit}/s | ETA {etaText}`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, initial, { rate: '0.00', etaText: '?' });
    return {
      update: (done) => {
        const { rate, eta } = stats(done);
        bar.update(done, { rate, etaText: eta });
      },
      stop: () => bar.stop(),
    };
  }
  return {
    update: (done) => {
      const { rate, eta } = stats(done);
      stream.write(`${done}/${total} ${unit}, ${rate} ${unit}/s, ETA ${eta}\n`);
    },
    stop: () => undefined,
  };
}

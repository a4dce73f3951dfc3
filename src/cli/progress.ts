/** A progress bar on stderr (stdout stays clean for the final JSON line). */
import cliProgress from 'cli-progress';

export interface ProgressBar {
  update(value: number, fields: Record<string, string>): void;
  stop(): void;
}

export function trainingBar(total: number): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        'train |{bar}| {percentage}% | step {value}/{total} | loss {loss} | test acc {acc} | {sps} samples/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { loss: '-', acc: '-', sps: '-' });
  return {
    update: (value, fields) => bar.update(value, fields),
    stop: () => bar.stop(),
  };
}

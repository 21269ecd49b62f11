import cliProgress from 'cli-progress';
import { humanTerminal } from './logger.js';

export interface Progress {
  /** Advance by n units. */
  tick(n?: number): void;
  setTotal(total: number): void;
  stop(): void;
}

const noop: Progress = { tick() {}, setTotal() {}, stop() {} };

/**
 * A progress bar with counts and rate on a terminal (stderr); nothing when output is piped,
 * in CI, or under tests.
 */
export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!humanTerminal(stream)) return noop;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(14)} {bar} {percentage}% | {value}/{total} | {rate}/s | eta {eta_formatted}`,
      stream,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let value = 0;
  bar.start(total, 0, { rate: 0 });
  return {
    tick(n = 1) {
      value += n;
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(value, { rate: Math.round(value / secs) });
    },
    setTotal(t) {
      bar.setTotal(t);
    },
    stop() {
      bar.stop();
    },
  };
}

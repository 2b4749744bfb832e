/** What the progress bar writes to: process.stderr, or a fake in tests. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** Adds `n` (default 1) to the count done. */
  tick(n?: number): void;
  /** Sets the count done. */
  update(done: number): void;
  /** Prints the final state and ends the line. Further calls do nothing. */
  done(): void;
}

const BAR_WIDTH = 24;
/** Redraws on a terminal at most this often, so printing never costs more than the work. */
const REDRAW_MS = 100;

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return "--:--";
  }
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(sec).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function formatRate(perSecond: number): string {
  if (perSecond >= 10_000) {
    return `${Math.round(perSecond / 1000)}k/s`;
  }
  return `${perSecond >= 100 ? Math.round(perSecond) : perSecond.toFixed(1)}/s`;
}

/**
 * A progress indicator for long CLI work (imports, index builds). On a terminal it redraws one
 * line with a bar, percentage, count, rate and time left; in a log file or a pipe it writes a
 * plain line at most every 10%, so logs stay short. It has no dependencies and takes the
 * stream as a parameter, so tests can pass a fake one.
 */
export function createProgress(label: string, total: number, stream: ProgressStream = process.stderr, now: () => number = () => Date.now()): Progress {
  const started = now();
  const tty = stream.isTTY === true;
  let count = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastDecile = -1;
  let finished = false;

  const line = (): string => {
    const elapsed = Math.max((now() - started) / 1000, 1e-9);
    const rate = count / elapsed;
    const fraction = total > 0 ? Math.min(count / total, 1) : 1;
    const percent = Math.floor(fraction * 100);
    const eta = rate > 0 && total > count ? (total - count) / rate : 0;
    const counts = `${count.toLocaleString("en")}/${total.toLocaleString("en")}`;
    if (!tty) {
      return `${label}: ${percent}% (${counts}, ${formatRate(rate)}, ${formatDuration(elapsed)} elapsed)`;
    }
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
    return `${label} ${bar} ${String(percent).padStart(3)}% ${counts} ${formatRate(rate)} ETA ${formatDuration(eta)}`;
  };

  const draw = (force: boolean): void => {
    if (tty) {
      const t = now();
      if (force || t - lastDraw >= REDRAW_MS) {
        lastDraw = t;
        const text = line();
        const width = stream.columns ?? 0;
        stream.write(`\r${width > 0 ? text.slice(0, width - 1) : text}\x1b[K`);
      }
      return;
    }
    const decile = total > 0 ? Math.floor((Math.min(count, total) / total) * 10) : 10;
    if (force || decile > lastDecile) {
      lastDecile = decile;
      stream.write(`${line()}\n`);
    }
  };

  return {
    tick(n = 1) {
      if (!finished) {
        count += n;
        draw(false);
      }
    },
    update(done) {
      if (!finished) {
        count = done;
        draw(false);
      }
    },
    done() {
      if (finished) {
        return;
      }
      finished = true;
      if (tty) {
        draw(true);
        stream.write("\n");
      } else if (lastDecile < 10 || count < total) {
        draw(true);
      }
    },
  };
}

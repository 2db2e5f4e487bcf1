/**
 * A progress bar on stderr for long replays, so stdout stays clean for results (and for `--json`). Drawn only
 * when stderr is a terminal and the work is long enough to be worth watching; redrawn when the percentage
 * moves. Lines written to stdout meanwhile go through `print`, which lifts the bar and puts it back, so the two
 * never mix on one terminal line.
 */
import type { CliIo } from '../io.ts';

/** Logs shorter than this finish before a bar would help. */
export const PROGRESS_MIN_ITEMS = 2000;
const WIDTH = 30;

export interface Progress {
  advance(done: number): void;
  print(text: string): void;
  finish(): void;
}

export function createProgress(io: CliIo, total: number, label: string): Progress {
  if (!io.progress || total < PROGRESS_MIN_ITEMS) {
    return { advance() {}, print: (text) => io.out(text), finish() {} };
  }
  let shown = -1;
  let done = 0;
  let visible = false;
  const draw = () => {
    io.err(`\r${renderBar(done, total, label)}`);
    visible = true;
  };
  const lift = () => {
    if (visible) io.err('\r\u001b[2K');
    visible = false;
  };
  return {
    advance(count) {
      done = count;
      const percent = Math.floor((100 * done) / total);
      if (percent !== shown) {
        shown = percent;
        draw();
      }
    },
    print(text) {
      lift();
      io.out(text);
      draw();
    },
    finish() {
      lift();
    },
  };
}

export function renderBar(done: number, total: number, label: string): string {
  const ratio = total === 0 ? 1 : Math.min(done / total, 1);
  const filled = Math.round(ratio * WIDTH);
  const count = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${count} ${label}`;
}

import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.ts';
import { createProgress, PROGRESS_MIN_ITEMS, renderBar } from './progress.ts';

function captureIo(progress: boolean) {
  const writes: { stream: 'out' | 'err'; text: string }[] = [];
  const io: CliIo = {
    out: (text) => writes.push({ stream: 'out', text }),
    err: (text) => writes.push({ stream: 'err', text }),
    color: false,
    progress,
  };
  return { io, writes };
}

describe('progress bar', () => {
  it('renders the share done, the counts and the label', () => {
    expect(renderBar(2500, 10_000, 'lines')).toBe(
      `[${'#'.repeat(8)}${'.'.repeat(22)}]  25% 2,500/10,000 lines`,
    );
    expect(renderBar(10_000, 10_000, 'lines')).toContain(`[${'#'.repeat(30)}] 100%`);
  });

  it('draws on stderr only when it is a terminal and the work is long', () => {
    const short = captureIo(true);
    const bar = createProgress(short.io, PROGRESS_MIN_ITEMS - 1, 'x');
    bar.advance(10);
    bar.print('row\n');
    expect(short.writes).toEqual([{ stream: 'out', text: 'row\n' }]);

    const piped = captureIo(false);
    createProgress(piped.io, 100_000, 'x').advance(50_000);
    expect(piped.writes).toEqual([]);
  });

  it('redraws when the percentage moves, and lifts itself around stdout rows', () => {
    const { io, writes } = captureIo(true);
    const bar = createProgress(io, 10_000, 'lines');
    bar.advance(1);
    bar.advance(2);
    bar.advance(100);
    expect(writes.filter((write) => write.stream === 'err')).toHaveLength(2);
    writes.length = 0;
    bar.print('a row\n');
    expect(writes.map((write) => write.stream)).toEqual(['err', 'out', 'err']);
    expect(writes[0]?.text).toBe('\r\u001b[2K');
    writes.length = 0;
    bar.finish();
    expect(writes).toEqual([{ stream: 'err', text: '\r\u001b[2K' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { paint, stripAnsi } from './paint.ts';
import { renderTable } from './table.ts';

describe('renderTable', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(
      renderTable(
        ['A', 'BB', 'C'],
        [
          ['xxx', 'y', 'long last cell'],
          ['', 'zzzz', ''],
        ],
      ),
    ).toBe('A    BB    C\nxxx  y     long last cell\n     zzzz\n');
  });

  it('aligns coloured cells by their visible width', () => {
    const p = paint(true);
    const table = renderTable(
      ['RESULT', 'X'],
      [
        [p.green('ok'), '1'],
        ['error', '2'],
      ],
    );
    const [, first, second] = table.split('\n');
    expect(stripAnsi(first ?? '')).toBe('ok      1');
    expect(second).toBe('error   2');
  });
});

import { printFilter } from '@scim-connector/scim';
import { describe, expect, it } from 'vitest';
import { prefixUpperBound, userFilter } from './directory-queries.ts';

describe('userFilter', () => {
  it('searches a folded userName prefix with an index range beside the exact sw', () => {
    const filter = userFilter('MÁLL', 'inactive');
    expect(filter && printFilter(filter)).toBe(
      'userName sw "máll" and userName ge "máll" and userName lt "málm" and active eq false',
    );
  });

  it('keeps sw alone for date-like text, and quotes what the visitor typed', () => {
    const dated = userFilter('2026-01-01', 'any');
    expect(dated && printFilter(dated)).toBe('userName sw "2026-01-01"');
    const quoted = userFilter('a" or userName pr or "', 'any');
    expect(quoted && printFilter(quoted)).toContain('userName sw "a\\" or username pr or \\""');
    expect(userFilter('', 'any')).toBeUndefined();
  });

  it('bounds every string with the prefix, and nothing else, in code-point order', () => {
    /** Code-point order, as SQLite compares UTF-8 text (memcmp) and PostgreSQL under the C collation. */
    const compare = (a: string, b: string): number => {
      const [x, y] = [[...a], [...b]];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
        if (d !== 0) return d;
      }
      return x.length - y.length;
    };
    const prefix = 'ab';
    const upper = prefixUpperBound(prefix) as string;
    const inRange = (s: string) => compare(s, prefix) >= 0 && compare(s, upper) < 0;
    for (const inside of ['ab', 'ab0', 'abz', 'ab\u{10ffff}x', 'ab\u{1f600}'])
      expect(inRange(inside), inside).toBe(true);
    for (const outside of ['a', 'aa', 'ac', 'b', 'ac0', '']) expect(inRange(outside), outside).toBe(false);
    expect(prefixUpperBound('a\u{d7ff}')).toBe('a\u{e000}');
    expect(prefixUpperBound('')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { prefixUpperBound } from './filter-to-sql.ts';

describe('prefixUpperBound', () => {
  it('increments the last code point, so [prefix, bound) holds exactly the strings starting with prefix', () => {
    expect(prefixUpperBound('smi')).toBe('smj');
    expect(prefixUpperBound('é')).toBe('ê');
    expect(prefixUpperBound('a\u{1F600}')).toBe('a\u{1F601}');
    expect(prefixUpperBound('a\uD7FF')).toBe('a\uE000');
    for (const word of ['smi', 'smith', 'smi\u{10FFFF}', 'smi\uFFFF']) {
      expect(word >= 'smi' && word < (prefixUpperBound('smi') ?? '')).toBe(true);
    }
  });

  it('gives no bound where there is none', () => {
    expect(prefixUpperBound('')).toBeUndefined();
    expect(prefixUpperBound('a\u{10FFFF}')).toBeUndefined();
    expect(prefixUpperBound('a\uD800')).toBeUndefined();
  });
});

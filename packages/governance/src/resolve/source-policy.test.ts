/** The `*` patterns of privilegedRoles and userTypes (docs/rules.md), matched in linear time whatever the pattern. */
import { describe, expect, it } from 'vitest';
import { wildcard } from './source-policy.ts';

describe('wildcard', () => {
  it('matches exact values, and anything for * or a missing field', () => {
    expect(wildcard('ADMIN')('ADMIN')).toBe(true);
    expect(wildcard('ADMIN')('ADMINS')).toBe(false);
    expect(wildcard(undefined)('')).toBe(true);
    expect(wildcard('*')('ANY_THING')).toBe(true);
  });

  it('takes the pieces between stars literally, anchored at both ends', () => {
    expect(wildcard('STORE_*')('STORE_MANAGER')).toBe(true);
    expect(wildcard('STORE_*')('STORE_')).toBe(true);
    expect(wildcard('STORE_*')('A_STORE_MANAGER')).toBe(false);
    expect(wildcard('*_ADMIN')('SUPER_ADMIN')).toBe(true);
    expect(wildcard('*_ADMIN')('SUPER_ADMIN_X')).toBe(false);
    expect(wildcard('A*B*C')('ABC')).toBe(true);
    expect(wildcard('A*B*C')('AXXBYYC')).toBe(true);
    expect(wildcard('A*B*C')('ACB')).toBe(false);
    // Head and tail may not share characters: 'AB' is not 'AB' followed by 'B'.
    expect(wildcard('AB*B')('AB')).toBe(false);
    expect(wildcard('AB*B')('ABB')).toBe(true);
    expect(wildcard('A**B')('AB')).toBe(true);
    // A middle piece may not reach into the tail.
    expect(wildcard('*XY*Y')('XY')).toBe(false);
    expect(wildcard('*XY*Y')('XYY')).toBe(true);
    // Regex syntax means nothing.
    expect(wildcard('1.0*')('1x0')).toBe(false);
    expect(wildcard('(a|b)*')('(a|b)c')).toBe(true);
    expect(wildcard('[A-Z]*')('B')).toBe(false);
  });

  it('agrees with a brute-force reference on every short value over a small alphabet', () => {
    const reference = (pattern: string, value: string): boolean => {
      const at = (p: number, v: number): boolean => {
        if (p === pattern.length) return v === value.length;
        if (pattern[p] === '*') return at(p + 1, v) || (v < value.length && at(p, v + 1));
        return v < value.length && pattern[p] === value[v] && at(p + 1, v + 1);
      };
      return at(0, 0);
    };
    const words = (alphabet: string, max: number): string[] => {
      const out = [''];
      for (let i = 0; i < out.length; i++) {
        const word = out[i] ?? '';
        if (word.length < max) for (const c of alphabet) out.push(word + c);
      }
      return out;
    };
    const values = words('AB', 6);
    for (const pattern of words('AB*', 4)) {
      const matches = wildcard(pattern);
      for (const value of values) {
        if (matches(value) !== reference(pattern, value)) {
          throw new Error(`'${pattern}' against '${value}': expected ${reference(pattern, value)}`);
        }
      }
    }
  });

  it('decides a pathological pattern against a long run of As at once (no backtracking)', () => {
    const matches = wildcard('A*A*A*A*A*A*A*B');
    // A backtracking regex (^A.*A.*…B$) takes seconds on 80 As and grows as a power of the length.
    let started = performance.now();
    expect(matches('A'.repeat(80))).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
    started = performance.now();
    expect(matches('A'.repeat(200_000))).toBe(false);
    expect(matches(`${'A'.repeat(200_000)}B`)).toBe(true);
    expect(wildcard(`${'*A'.repeat(500)}*B`)('A'.repeat(200_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

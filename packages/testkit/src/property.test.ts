import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { propertyRuns, seedOverride } from './property.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('propertyRuns', () => {
  it('runs the given number of times from the given seed', () => {
    vi.stubEnv('FC_SEED', '');
    expect(propertyRuns(150, 0x2e1e5)).toEqual({ numRuns: 150, seed: 0x2e1e5 });
  });

  it('takes the seed from FC_SEED when it is set, and refuses one that is not an integer', () => {
    vi.stubEnv('FC_SEED', '-42');
    expect(propertyRuns(10, 7)).toEqual({ numRuns: 10, seed: -42 });
    vi.stubEnv('FC_SEED', '4.5');
    expect(() => seedOverride()).toThrow('FC_SEED must be an integer, got "4.5"');
    vi.stubEnv('FC_SEED', 'abc');
    expect(() => propertyRuns(10, 7)).toThrow('FC_SEED must be an integer');
  });

  it('refuses a run count that would run nothing', () => {
    expect(() => propertyRuns(0, 1)).toThrow('numRuns must be a positive integer');
  });

  it('runs exactly numRuns cases, and a failure names the seed that replays it', () => {
    vi.stubEnv('FC_SEED', '');
    let cases = 0;
    fc.assert(
      fc.property(fc.nat(), () => {
        cases++;
      }),
      propertyRuns(37, 99),
    );
    expect(cases).toBe(37);

    const failing = () =>
      fc.assert(
        fc.property(fc.nat(), (n) => n < 1000),
        propertyRuns(500, 12345),
      );
    expect(failing).toThrow(/seed: 12345, path: "\d+(:\d+)*"/);
    // The same seed finds the same counterexample again: the printed seed is enough to replay the failure.
    const message = (run: () => void) => {
      try {
        run();
      } catch (error) {
        return String(error);
      }
      return '';
    };
    expect(message(failing)).toBe(message(failing));
  });
});

import { describe, expect, it } from 'vitest';
import { colorAllowed } from './io.ts';

describe('colorAllowed', () => {
  it('only on a terminal', () => {
    expect(colorAllowed({ isTTY: true, env: {} })).toBe(true);
    expect(colorAllowed({ isTTY: false, env: {} })).toBe(false);
    expect(colorAllowed({ isTTY: undefined, env: {} })).toBe(false);
  });

  it('never with NO_COLOR set to a non-empty value', () => {
    expect(colorAllowed({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colorAllowed({ isTTY: true, env: { NO_COLOR: '' } })).toBe(true);
  });
});

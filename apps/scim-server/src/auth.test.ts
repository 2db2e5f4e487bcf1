import { describe, expect, it } from 'vitest';
import { bearerToken, createTokenVerifier } from './auth.ts';

describe('createTokenVerifier', () => {
  it('accepts any configured token and nothing else', () => {
    const verifier = createTokenVerifier(['current-token', 'previous-token']);
    expect(verifier.verify('current-token')).toBe(true);
    expect(verifier.verify('previous-token')).toBe(true);
    expect(verifier.verify('current-toke')).toBe(false);
    expect(verifier.verify('current-token ')).toBe(false);
    expect(verifier.verify('')).toBe(false);
  });

  it('accepts nothing when no token is configured', () => {
    expect(createTokenVerifier([]).verify('')).toBe(false);
    expect(createTokenVerifier(['']).verify('')).toBe(false);
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header, scheme in any case', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc')).toBe('abc');
    expect(bearerToken('Basic dXNlcg==')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

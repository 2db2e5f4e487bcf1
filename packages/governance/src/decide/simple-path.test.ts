import { describe, expect, it } from 'vitest';
import { pathSegments, resolvePath } from './simple-path.ts';

describe('simple JSONPath', () => {
  it('splits dotted, index and quoted-bracket segments', () => {
    expect(pathSegments("$.user.attributes['urn:x:2.0:User'].emails[0].value")).toEqual([
      'user',
      'attributes',
      'urn:x:2.0:User',
      'emails',
      0,
      'value',
    ]);
    expect(pathSegments('$')).toEqual([]);
  });

  it('rejects what it cannot resolve exactly', () => {
    expect(() => pathSegments('$..x')).toThrow('not a simple JSONPath');
    expect(() => pathSegments('user.x')).toThrow("must start with '$'");
  });

  it('resolves values and yields undefined for anything absent', () => {
    const value = { a: { b: [10, { c: 'x' }] } };
    expect(resolvePath(value, '$.a.b[1].c')).toBe('x');
    expect(resolvePath(value, '$.a.b[0]')).toBe(10);
    expect(resolvePath(value, '$.a.missing.c')).toBeUndefined();
    expect(resolvePath(value, '$.a.b[5]')).toBeUndefined();
    expect(resolvePath(value, '$.a.toString')).toBeUndefined();
  });
});

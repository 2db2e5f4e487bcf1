import { describe, expect, it } from 'vitest';
import { findJsonBodyProblem, guardJsonBody, JsonBodyRejected } from './json-guards.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepAt = (offset: number) => ({ kind: 'too-deep', offset });
const nulAt = (offset: number) => ({ kind: 'nul-character', offset });

describe('findJsonBodyProblem: nesting', () => {
  it('accepts bodies up to the limit and points at the first bracket beyond it', () => {
    expect(findJsonBodyProblem(bytes(nested(3)), 3)).toBeUndefined();
    expect(findJsonBodyProblem(bytes(nested(4)), 3)).toEqual(deepAt(3));
    expect(findJsonBodyProblem(bytes('{"a":{"b":[{"c":1}]}}'), 4)).toBeUndefined();
    expect(findJsonBodyProblem(bytes('{"a":{"b":[{"c":{}}]}}'), 4)).toEqual(deepAt(16));
  });

  it('counts depth, not the number of brackets: siblings do not add up', () => {
    expect(findJsonBodyProblem(bytes(`[${'[],'.repeat(10_000)}[]]`), 2)).toBeUndefined();
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(findJsonBodyProblem(bytes(`{"a":"${'['.repeat(100)}"}`), 1)).toBeUndefined();
    expect(findJsonBodyProblem(bytes(`{"a":"\\"${'{'.repeat(100)}"}`), 1)).toBeUndefined();
    // An escaped backslash does not escape the closing quote after it.
    expect(findJsonBodyProblem(bytes('{"a\\\\":[[1]]}'), 2)).toEqual(deepAt(8));
  });

  it('is not fooled by multi-byte UTF-8 characters', () => {
    expect(findJsonBodyProblem(bytes('{"名前":"［［［","x":["é"]}'), 2)).toBeUndefined();
  });
});

describe('findJsonBodyProblem: NUL characters', () => {
  it('finds a \\u0000 escape in a value or a key', () => {
    expect(findJsonBodyProblem(bytes('{"userName":"a\\u0000b"}'))).toEqual(nulAt(14));
    expect(findJsonBodyProblem(bytes('{"a\\u0000":1}'))).toEqual(nulAt(3));
  });

  it('leaves other escapes, an escaped backslash before u0000, and the text u0000 alone', () => {
    expect(findJsonBodyProblem(bytes('{"a":"\\u0001\\u00e9\\n"}'))).toBeUndefined();
    expect(findJsonBodyProblem(bytes('{"a":"\\\\u0000"}'))).toBeUndefined();
    expect(findJsonBodyProblem(bytes('{"u0000":"u0000"}'))).toBeUndefined();
  });
});

describe('guardJsonBody', () => {
  function rejection(verify: ReturnType<typeof guardJsonBody>, body: Buffer, encoding = 'utf-8'): unknown {
    try {
      verify(undefined, undefined, body, encoding);
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('throws errors body-parser passes on, typed for the router to map to 400', () => {
    const verify = guardJsonBody(2);
    expect(rejection(verify, bytes('[[1]]'))).toBeUndefined();
    const deep = rejection(verify, bytes('[[[1]]]'));
    expect(deep).toBeInstanceOf(JsonBodyRejected);
    expect(deep).toMatchObject({ type: 'entity.too.deep', status: 400 });
    expect(rejection(verify, bytes('["\\u0000"]'))).toMatchObject({
      type: 'entity.nul.character',
      status: 400,
    });
  });

  it('scans UTF-16 bodies by their characters, not their bytes', () => {
    const verify = guardJsonBody(2);
    expect(rejection(verify, Buffer.from('[[[1]]]', 'utf16le'), 'utf-16le')).toBeInstanceOf(JsonBodyRejected);
    // U+5B5B's bytes are two '[' in UTF-16LE; as a character it is inside a string and harmless.
    expect(rejection(verify, Buffer.from('["\u5b5b\u5b5b\u5b5b"]', 'utf16le'), 'utf-16le')).toBeUndefined();
  });
});

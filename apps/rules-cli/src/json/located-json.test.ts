import { describe, expect, it } from 'vitest';
import { locateSyntaxError, parseLocatedJson, pointerSegment } from './located-json.ts';

describe("parseLocatedJson (over governance's reader)", () => {
  const text = '{\n  "name": "t",\n  "events": [\n    {"method": "POST"},\n    {"path": "/a~b/c"}\n  ]\n}\n';

  it('places every value by JSON pointer, 1-based', () => {
    const json = parseLocatedJson(text);
    if (!json.ok) throw new Error(json.message);
    expect(json.value).toEqual(JSON.parse(text));
    expect(json.positionOf('')).toEqual({ line: 1, column: 1 });
    expect(json.positionOf('/name')).toEqual({ line: 2, column: 11 });
    expect(json.positionOf('/events/1')).toEqual({ line: 5, column: 5 });
    expect(json.positionOf('/events/0/method')).toEqual({ line: 4, column: 16 });
  });

  it('falls back to the nearest existing parent for a missing pointer', () => {
    const json = parseLocatedJson(text);
    if (!json.ok) throw new Error(json.message);
    expect(json.positionOf('/events/1/body/x')).toEqual(json.positionOf('/events/1'));
  });

  it('escapes pointer segments as RFC 6901 says', () => {
    expect(pointerSegment('a/b~c')).toBe('/a~1b~0c');
    const json = parseLocatedJson('{"a/b": 1}');
    if (!json.ok) throw new Error(json.message);
    expect(json.positionOf(pointerSegment('a/b'))).toEqual({ line: 1, column: 9 });
  });

  it.each([
    ['{"a": }', 1, 7, "expected a JSON value, found '}'"],
    ['{"a": 1,\n "b" 2}', 2, 6, 'expected \':\' after property "b"'],
    ['[1, 2', 1, 6, "expected ',' or ']'"],
    ['{"a": "x', 1, 7, 'unterminated string'],
    ['{"a": 1} x', 1, 10, 'after the end of the JSON document'],
    ['', 1, 1, 'found end of file'],
    ['{a: 1}', 1, 2, 'property name in double quotes'],
  ])('reports %j at line %i, column %i', (input, line, column, message) => {
    const json = parseLocatedJson(input);
    expect(json.ok).toBe(false);
    if (json.ok) return;
    expect(json.position).toEqual({ line, column });
    expect(json.message).toContain(message);
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const input of [
      '1',
      '"x"',
      'null',
      '[]',
      '{}',
      '{"a":[1,{"b":null}],"c":-1.5e3}',
      '"\\u00e9\\n"',
      '01',
      '[1,]',
      "'x'",
    ]) {
      let valid = true;
      try {
        JSON.parse(input);
      } catch {
        valid = false;
      }
      expect(parseLocatedJson(input).ok, input).toBe(valid);
    }
  });

  it('locateSyntaxError gives the position for a line JSON.parse refused', () => {
    expect(locateSyntaxError('{"method": "POST",, }')).toMatchObject({ position: { line: 1, column: 19 } });
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the sync-event log's placeholders are literal text
import { describe, expect, it } from 'vitest';
import { parseLogLine, splitLines } from './event-log.ts';

const parse = (text: string, line = 7) => parseLogLine({ file: 'log.jsonl', line, text });

describe('sync-event log lines', () => {
  it('splits on newlines, keeping file line numbers and skipping blank lines', () => {
    const lines = splitLines('f', '\ufeff{"a":1}\r\n\n  \n{"b":2}\n');
    expect(lines).toEqual([
      { file: 'f', line: 1, text: '{"a":1}' },
      { file: 'f', line: 4, text: '{"b":2}' },
    ]);
  });

  it('accepts a request, upper-casing the method and keeping a POST recorded id', () => {
    const parsed = parse('{"method":"post","path":"/Users","body":{"userName":"a"},"id":"abc"}');
    expect(parsed).toMatchObject({
      ok: true,
      request: { method: 'POST', path: '/Users', recordedId: 'abc' },
    });
  });

  it('ignores an id on anything but a POST', () => {
    const parsed = parse('{"method":"DELETE","path":"/Users/x","id":"abc"}');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.request.recordedId).toBeUndefined();
  });

  it.each([
    ['{"method":"POST","path":"/Users",}', 34, 'not valid JSON'],
    ['["POST","/Users"]', 1, 'expected a SCIM request as a JSON object'],
    ['{"path":"/Users"}', 1, '"method" is missing'],
    ['{"method":"GET","path":"/Users"}', 11, 'unknown method "GET"'],
    [
      '{"method":"POST","path":"https://x/scim/v2/Users"}',
      25,
      '"path" must be a string relative to /scim/v2',
    ],
    ['{"method":"POST"}', 1, '"path" must be'],
    ['{"method":"POST","path":"/Users","id":7}', 39, '"id" (the id the server assigned on a POST)'],
  ])('%s is bad at column %i', (text, column, message) => {
    const parsed = parse(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toMatchObject({ file: 'log.jsonl', line: 7, column });
    expect(parsed.problem.message).toContain(message);
  });

  it('finds a placeholder in the line for messages about it', () => {
    const parsed = parse('  {"method":"DELETE","path":"/Users/${users.x}"}');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.request.origin.position).toEqual({ line: 7, column: 3 });
    expect(parsed.request.origin.find('${users.x}')).toEqual({ line: 7, column: 37 });
    expect(parsed.request.origin.find('absent')).toEqual({ line: 7, column: 3 });
  });
});

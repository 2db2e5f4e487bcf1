/**
 * Reading a sync-event log (JSON Lines, docs/rules.md). Lines are kept as text and parsed when needed, so a
 * log of a hundred thousand requests costs little more memory than its file; blank lines are skipped.
 */
import { type InputProblem, problemAt, readInputFile } from '../input/input-problem.ts';
import { locateSyntaxError, parseLocatedJson } from '../json/located-json.ts';
import { checkRequest, type ReplayRequest, type RequestOrigin } from './replay-request.ts';

export interface LogLine {
  file: string;
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

export type ParsedLine = { ok: true; request: ReplayRequest } | { ok: false; problem: InputProblem };

export async function readEventLog(file: string): Promise<LogLine[]> {
  return splitLines(file, await readInputFile(file, 'the events file'));
}

export function splitLines(file: string, content: string): LogLine[] {
  const lines: LogLine[] = [];
  const texts = content.split('\n');
  for (let index = 0; index < texts.length; index++) {
    let text = texts[index] ?? '';
    if (index === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() !== '') lines.push({ file, line: index + 1, text });
  }
  return lines;
}

export function parseLogLine(logLine: LogLine): ParsedLine {
  const { file, line, text } = logLine;
  // A line holds no line breaks: a column is an offset plus one.
  const at = (offset: number) => ({ line, column: offset + 1 });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const error = locateSyntaxError(text);
    return {
      ok: false,
      problem: problemAt(file, { line, column: error.position.column }, `not valid JSON: ${error.message}`),
    };
  }
  const start = at(text.length - text.trimStart().length);
  const origin: RequestOrigin = {
    file,
    position: start,
    find: (needle) => {
      const offset = text.indexOf(needle);
      return offset === -1 ? start : at(offset);
    },
  };
  // Only asked for on the failure path: a full located parse of one line is cheap there.
  const positionOf = (pointer: string) => {
    const located = parseLocatedJson(text);
    return located.ok ? { line, column: located.positionOf(pointer).column } : start;
  };
  const checked = checkRequest(value, origin, positionOf);
  if (checked.ok) return checked;
  return { ok: false, problem: problemAt(file, checked.position, checked.message) };
}

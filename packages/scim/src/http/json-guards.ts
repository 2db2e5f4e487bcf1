/**
 * Checks on a JSON request body's raw bytes, made in one pass before it is parsed:
 * - nesting depth: JSON.parse copes with any depth, but the code that walks the parsed value afterwards
 *   (normalisation, validation, JSON.stringify) recurses, so a few hundred kilobytes of `[[[[...` would overflow
 *   the stack. Scanning first never builds the deep value at all.
 * - NUL characters (`\u0000`, the only way JSON can carry one): PostgreSQL cannot store them in text, and no
 *   directory value needs one, so both databases refuse them alike, up front.
 */

import { MAX_BODY_DEPTH } from '../resource/nesting.ts';

/**
 * The same bound normalisation applies to parsed bodies (resource/nesting.ts, for in-process callers such as the
 * rules CLI); here it is checked on the raw bytes, so an over-deep body is never even parsed.
 */
export const MAX_JSON_DEPTH = MAX_BODY_DEPTH;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LOWER_U = 0x75;
const ZERO = 0x30;

export type JsonBodyProblem =
  | { kind: 'too-deep'; offset: number }
  | { kind: 'nul-character'; offset: number };

/**
 * The first problem in `body`: a `{` or `[` opening nesting level `maxDepth + 1`, or a `\u0000` escape in a
 * string. Malformed JSON is left for the parser to report.
 */
export function findJsonBodyProblem(
  body: Uint8Array,
  maxDepth: number = MAX_JSON_DEPTH,
): JsonBodyProblem | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) {
        if (isNulEscape(body, i)) return { kind: 'nul-character', offset: i };
        i++;
      } else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      if (depth > maxDepth) return { kind: 'too-deep', offset: i };
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return undefined;
}

/** `\u0000` starting at the backslash at `at`. */
function isNulEscape(body: Uint8Array, at: number): boolean {
  return (
    body[at + 1] === LOWER_U &&
    body[at + 2] === ZERO &&
    body[at + 3] === ZERO &&
    body[at + 4] === ZERO &&
    body[at + 5] === ZERO
  );
}

/** The error body-parser passes on when `verify` rejects a body; `bodyErrorToScim` maps its type to a 400. */
export class JsonBodyRejected extends Error {
  readonly type: 'entity.too.deep' | 'entity.nul.character';
  readonly status = 400;

  constructor(
    readonly problem: JsonBodyProblem,
    readonly maxDepth: number,
  ) {
    super(
      problem.kind === 'too-deep'
        ? `nested deeper than ${maxDepth} levels at byte ${problem.offset}`
        : `a NUL character (\\u0000) at byte ${problem.offset}`,
    );
    this.name = 'JsonBodyRejected';
    this.type = problem.kind === 'too-deep' ? 'entity.too.deep' : 'entity.nul.character';
  }
}

/**
 * A body-parser `verify` hook applying the checks above. UTF-8 bytes are scanned as they are (no multi-byte
 * sequence contains an ASCII byte); a body in another charset body-parser accepts (UTF-16) is re-encoded first,
 * since its code units could otherwise pass for brackets and quotes.
 */
export function guardJsonBody(maxDepth: number = MAX_JSON_DEPTH) {
  return (_req: unknown, _res: unknown, body: Buffer, encoding: string | null): void => {
    const bytes = isUtf8(encoding) ? body : Buffer.from(decode(body, encoding ?? 'utf-8'), 'utf8');
    const problem = findJsonBodyProblem(bytes, maxDepth);
    if (problem) throw new JsonBodyRejected(problem, maxDepth);
  };
}

function isUtf8(encoding: string | null): boolean {
  return encoding === null || /^utf-?8$/i.test(encoding);
}

function decode(body: Buffer, encoding: string): string {
  try {
    return new TextDecoder(encoding).decode(body);
  } catch {
    throw Object.assign(new Error(`unsupported charset "${encoding}"`), { type: 'charset.unsupported' });
  }
}

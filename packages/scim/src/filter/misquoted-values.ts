/**
 * What to say about a quote the grammar does not allow: a value in single quotes (`userName eq 'alice'`), or a
 * quote inside an unquoted value (`externalId eq O'Brien`). RFC 7644 section 3.4.2.2 makes a filter string a JSON
 * string, in double quotes; the unquoted values Entra ID sends stop at a quote (tokens.ts), so these arrive as
 * lexing errors. Read as words they would match nothing, and a client that concludes the user does not exist
 * creates it again and gets a 409 far from the cause; refusing them says what is wrong where it is wrong.
 *
 * The problem is in a filter value wherever the filter stands, so it is `invalidFilter` inside a PATCH path too
 * (RFC 7644 section 3.12 lists invalidFilter for PATCH path filters). Each message ends with the value written
 * as the RFC wants it, ready to copy.
 */
import type { IToken } from 'chevrotain';
import type { PositionedMessage } from './error-messages.ts';
import { BareValue } from './tokens.ts';

const DOUBLE_QUOTES = 'SCIM filter strings use double quotes (RFC 7644 section 3.4.2.2)';

/** A quote and what follows it up to the closing quote, on one line; `y`: matched exactly where it is put. */
const SINGLE_QUOTED = /'([^'\p{Cc}]*)'/uy;
/** The end of an unquoted word: the delimiters of `BareValue` in tokens.ts. */
const WORD_END = /[\s()[\]]/;

export function isQuote(char: string): boolean {
  return char === "'" || char === '"';
}

/** The text from `start` up to the next delimiter: the word the client wrote, quotes and all. */
function wordAt(text: string, start: number): string {
  const end = text.slice(start).search(WORD_END);
  return end === -1 ? text.slice(start) : text.slice(start, start + end);
}

function inFilterValue(message: string, offset: number): PositionedMessage {
  return { message, offset, scimType: 'invalidFilter' };
}

/** A value after a comparison operator that opens with `'` at `offset`. */
export function describeSingleQuotedValue(text: string, offset: number): PositionedMessage {
  SINGLE_QUOTED.lastIndex = offset;
  const quoted = SINGLE_QUOTED.exec(text);
  if (quoted) {
    const [written, inner = ''] = quoted;
    return inFilterValue(
      `filter value ${written} is in single quotes; ${DOUBLE_QUOTES}: ${JSON.stringify(inner)}`,
      offset,
    );
  }
  const word = wordAt(text, offset);
  return inFilterValue(
    `filter value ${word} starts with a single quote that is never closed; ${DOUBLE_QUOTES}: ${JSON.stringify(word.slice(1))}`,
    offset,
  );
}

/** True when the character at `offset` continues the unquoted value `previous`, with nothing in between. */
export function continuesUnquotedValue(previous: IToken | undefined, offset: number): previous is IToken {
  // The lexer tracks start offsets only, so the end comes from the image.
  return previous?.tokenType === BareValue && previous.startOffset + previous.image.length === offset;
}

/** A quote at `offset` inside the unquoted value that `value` starts. */
export function describeQuoteInUnquotedValue(text: string, value: IToken, offset: number): PositionedMessage {
  const word = wordAt(text, value.startOffset);
  return inFilterValue(
    `the unquoted value ${word} contains a quote; an unquoted value cannot contain ' or ", so write it as a string in double quotes (RFC 7644 section 3.4.2.2): ${JSON.stringify(word)}`,
    offset,
  );
}

/** A single quote where no value is expected, e.g. around an attribute name. */
export function describeStraySingleQuote(offset: number): PositionedMessage {
  return {
    message: `unexpected "'": ${DOUBLE_QUOTES}, and a quoted value may only follow a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le)`,
    offset,
  };
}

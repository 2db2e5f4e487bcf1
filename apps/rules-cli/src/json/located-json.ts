/**
 * JSON with positions, for the CLI's bad-input messages (always `file:line:column`), over governance's reader
 * (the one that places problems in rules files). Adapts it to what the CLI asks: the position of a JSON pointer
 * (a missing one falls back to its nearest parent), the offset where a value starts, and where the first syntax
 * error is. Positions here are line and column only: they are printed and put in `--json` output as they are.
 */
import {
  escapePointerSegment,
  locatePointer,
  parseLocatedJson as parseWithPositions,
  positionAt as positionWithOffset,
} from '@scim-connector/governance';

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

export type LocatedJson =
  | {
      ok: true;
      value: unknown;
      positionOf(pointer: string): TextPosition;
      /** 0-based offset where the value at `pointer` (or its nearest existing parent) starts. */
      offsetOf(pointer: string): number;
      /** The text parsed (without a byte-order mark). */
      text: string;
    }
  | { ok: false; message: string; position: TextPosition };

export function parseLocatedJson(text: string): LocatedJson {
  const parsed = parseWithPositions(text);
  if (!parsed.ok) return { ok: false, message: parsed.message, position: lineAndColumn(parsed.position) };
  const { json } = parsed;
  return {
    ok: true,
    value: json.value,
    text: json.text,
    offsetOf: (pointer) => locatePointer(json, pointer).offset,
    positionOf: (pointer) => lineAndColumn(locatePointer(json, pointer)),
  };
}

/** Only where the first syntax error is, for text JSON.parse has already refused. */
export function locateSyntaxError(text: string): { message: string; position: TextPosition } {
  const located = parseLocatedJson(text);
  if (!located.ok) return located;
  return { message: 'not valid JSON', position: { line: 1, column: 1 } };
}

export function positionAt(text: string, offset: number): TextPosition {
  return lineAndColumn(positionWithOffset(text, offset));
}

/** `/segment`, escaped as RFC 6901 says. */
export function pointerSegment(key: string | number): string {
  return `/${escapePointerSegment(String(key))}`;
}

function lineAndColumn({ line, column }: TextPosition): TextPosition {
  return { line, column };
}

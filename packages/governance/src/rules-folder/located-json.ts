/**
 * A JSON reader that remembers where every value starts, so a problem found by JSON pointer (ajv, role-name
 * checks) can be reported at a line and column an editor jumps to. JSON.parse cannot say where a value was.
 */

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  /** 0-based character offset. */
  offset: number;
}

export interface LocatedJson {
  value: unknown;
  /** Start of each value, by JSON pointer (`''` is the document). */
  values: Map<string, number>;
  /** Start of each property key, by the pointer of the property's value. */
  keys: Map<string, number>;
  /** Raw text of each string value, by pointer (to place an offset inside a string). */
  rawStrings: Map<string, string>;
  text: string;
}

export type LocatedJsonResult =
  | { ok: true; json: LocatedJson }
  | { ok: false; message: string; position: TextPosition };

export function parseLocatedJson(text: string): LocatedJsonResult {
  const reader = new Reader(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  try {
    reader.skipWhitespace();
    const value = reader.value('');
    reader.skipWhitespace();
    if (!reader.atEnd())
      reader.fail(`unexpected ${reader.describeHere()} after the end of the JSON document`);
    return {
      ok: true,
      json: {
        value,
        values: reader.values,
        keys: reader.keys,
        rawStrings: reader.rawStrings,
        text: reader.text,
      },
    };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return { ok: false, message: error.message, position: positionAt(reader.text, error.offset) };
    }
    throw error;
  }
}

/** The line and column of `offset` in `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  return positionFromLineStarts(lineStartsOf(text), offset);
}

/**
 * Where each line starts, computed once per document: a file with 50,000 bad role names gets 50,000 problems,
 * and scanning the text from the top for each of them took minutes.
 */
const lineStartsByDocument = new WeakMap<LocatedJson, number[]>();

function positionIn(json: LocatedJson, offset: number): TextPosition {
  let starts = lineStartsByDocument.get(json);
  if (!starts) {
    starts = lineStartsOf(json.text);
    lineStartsByDocument.set(json, starts);
  }
  return positionFromLineStarts(starts, offset);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1))
    starts.push(index + 1);
  return starts;
}

function positionFromLineStarts(starts: readonly number[], offset: number): TextPosition {
  // The last line starting at or before `offset` (a newline at `offset` itself still ends that line).
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] as number) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (starts[low] as number) + 1, offset };
}

/**
 * Where to point for `pointer`: the value itself, or with `preferKey` the property's key (better for "unknown
 * property"). A pointer to something absent (a missing property) falls back to its nearest existing parent.
 */
export function locatePointer(json: LocatedJson, pointer: string, preferKey = false): TextPosition {
  let current = pointer;
  for (;;) {
    const offset = (preferKey ? json.keys.get(current) : undefined) ?? json.values.get(current);
    if (offset !== undefined) return positionIn(json, offset);
    if (current === '') return positionIn(json, 0);
    current = current.slice(0, current.lastIndexOf('/'));
  }
}

/**
 * The position of character `index` inside the string value at `pointer` (for a bad role name, the exact
 * character). Strings with escapes before that character fall back to the start of the string.
 */
export function locateInsideString(json: LocatedJson, pointer: string, index: number): TextPosition {
  const start = json.values.get(pointer);
  const raw = json.rawStrings.get(pointer);
  if (start === undefined || raw === undefined) return locatePointer(json, pointer);
  const hasEscapeBefore = raw.slice(0, index + 1).includes('\\');
  return positionIn(json, hasEscapeBefore ? start : start + 1 + Math.min(index, raw.length));
}

export function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Rules files nest a few levels (a rule's conditions rarely more than five `all`/`any` deep). The reader, the
 * schema validator and the rules engine all recurse, so a file nested thousands of levels deep would overflow
 * the stack; it is reported as a problem at the bracket that goes too deep instead.
 */
export const MAX_JSON_DEPTH = 64;

class Reader {
  index = 0;
  private depth = 0;
  readonly values = new Map<string, number>();
  readonly keys = new Map<string, number>();
  readonly rawStrings = new Map<string, string>();

  constructor(readonly text: string) {}

  atEnd(): boolean {
    return this.index >= this.text.length;
  }

  fail(message: string, offset = this.index): never {
    throw new JsonSyntaxError(message, offset);
  }

  describeHere(at = this.index): string {
    if (at >= this.text.length) return 'end of file';
    return `'${this.text.charAt(at)}'`;
  }

  skipWhitespace(): void {
    while (this.index < this.text.length) {
      const code = this.text.charCodeAt(this.index);
      if (code !== 32 && code !== 10 && code !== 13 && code !== 9) return;
      this.index++;
    }
  }

  value(pointer: string): unknown {
    this.values.set(pointer, this.index);
    const char = this.text.charAt(this.index);
    if (char === '{' || char === '[') return this.nested(char, pointer);
    if (char === '"') {
      const start = this.index;
      const value = this.string();
      this.rawStrings.set(pointer, this.text.slice(start + 1, this.index - 1));
      return value;
    }
    if (char === 't') return this.literal('true', true);
    if (char === 'f') return this.literal('false', false);
    if (char === 'n') return this.literal('null', null);
    NUMBER.lastIndex = this.index;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.index += number[0].length;
      return Number(number[0]);
    }
    return this.fail(`expected a JSON value, found ${this.describeHere()}`);
  }

  private nested(char: '{' | '[', pointer: string): unknown {
    if (this.depth >= MAX_JSON_DEPTH) {
      this.fail(
        `'${char}' nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; flatten the document`,
      );
    }
    this.depth++;
    const value = char === '{' ? this.object(pointer) : this.array(pointer);
    this.depth--;
    return value;
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.index))
      this.fail(`expected a JSON value, found ${this.describeHere()}`);
    this.index += word.length;
    return value;
  }

  private string(): string {
    const start = this.index;
    this.index++;
    while (this.index < this.text.length) {
      const code = this.text.charCodeAt(this.index);
      if (code === 34) {
        this.index++;
        return JSON.parse(this.text.slice(start, this.index)) as string;
      }
      if (code === 92) {
        const escaped = this.text.charAt(this.index + 1);
        if (!'"\\/bfnrtu'.includes(escaped) || escaped === '')
          this.fail(`invalid escape '\\${escaped}' in string`);
        if (escaped === 'u' && !/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.index + 2, this.index + 6))) {
          this.fail('invalid \\u escape: expected four hexadecimal digits');
        }
        this.index += escaped === 'u' ? 6 : 2;
        continue;
      }
      if (code < 32) this.fail('line break or control character inside a string (strings end with ")');
      this.index++;
    }
    return this.fail('unterminated string: expected a closing "', start);
  }

  private object(pointer: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.index++;
    this.skipWhitespace();
    if (this.text.charAt(this.index) === '}') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charAt(this.index) !== '"') {
        const trailing = this.text.charAt(this.index) === '}';
        this.fail(
          trailing
            ? "trailing comma before '}'"
            : `expected a property name in double quotes, found ${this.describeHere()}`,
        );
      }
      const keyOffset = this.index;
      const key = this.string();
      const child = `${pointer}/${escapePointerSegment(key)}`;
      this.keys.set(child, keyOffset);
      this.skipWhitespace();
      if (this.text.charAt(this.index) !== ':')
        this.fail(`expected ':' after property "${key}", found ${this.describeHere()}`);
      this.index++;
      this.skipWhitespace();
      Object.defineProperty(result, key, {
        value: this.value(child),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      const next = this.text.charAt(this.index);
      this.index++;
      if (next === '}') return result;
      if (next !== ',')
        this.fail(
          `expected ',' or '}' after the value of "${key}", found ${this.describeHere(this.index - 1)}`,
          this.index - 1,
        );
    }
  }

  private array(pointer: string): unknown[] {
    const result: unknown[] = [];
    this.index++;
    this.skipWhitespace();
    if (this.text.charAt(this.index) === ']') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charAt(this.index) === ']') this.fail("trailing comma before ']'");
      result.push(this.value(`${pointer}/${result.length}`));
      this.skipWhitespace();
      const next = this.text.charAt(this.index);
      this.index++;
      if (next === ']') return result;
      if (next !== ',')
        this.fail(
          `expected ',' or ']' after an array item, found ${this.describeHere(this.index - 1)}`,
          this.index - 1,
        );
    }
  }
}

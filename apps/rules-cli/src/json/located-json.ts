/**
 * JSON with positions. Node's JSON.parse says neither where a syntax error is nor where a value sits, but every
 * bad-input message of the CLI names a line and column: this scanner finds the first syntax error, and the start
 * of any value by JSON pointer (for problems found after parsing, e.g. a bad event inside a rule test).
 */

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

/** Parses `text`; on success `positionOf` places any pointer (a missing one falls back to its nearest parent). */
export function parseLocatedJson(text: string): LocatedJson {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const scanner = new Scanner(source);
  try {
    scanner.document();
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { ok: false, message: error.message, position: positionAt(source, error.offset) };
  }
  const value: unknown = JSON.parse(source);
  const offsetOf = (pointer: string): number => {
    let current = pointer;
    for (;;) {
      const offset = scanner.starts.get(current);
      if (offset !== undefined || current === '') return offset ?? 0;
      current = current.slice(0, current.lastIndexOf('/'));
    }
  };
  return {
    ok: true,
    value,
    text: source,
    offsetOf,
    positionOf: (pointer) => positionAt(source, offsetOf(pointer)),
  };
}

/** Only where the first syntax error is, for text JSON.parse has already refused. */
export function locateSyntaxError(text: string): { message: string; position: TextPosition } {
  const located = parseLocatedJson(text);
  if (!located.ok) return located;
  return { message: 'not valid JSON', position: { line: 1, column: 1 } };
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

export function pointerSegment(key: string | number): string {
  return `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS = ['true', 'false', 'null'];

/** Validates JSON syntax, recording where each value starts; values themselves come from JSON.parse. */
class Scanner {
  at = 0;
  readonly starts = new Map<string, number>();

  constructor(private readonly text: string) {}

  document(): void {
    this.space();
    if (this.at >= this.text.length) this.fail('the file is empty: expected a JSON value');
    this.value('');
    this.space();
    if (this.at < this.text.length) this.fail(`unexpected ${this.here()} after the end of the JSON value`);
  }

  private fail(message: string, offset = this.at): never {
    throw new SyntaxProblem(message, offset);
  }

  private here(): string {
    return this.at >= this.text.length ? 'end of input' : `'${this.text.charAt(this.at)}'`;
  }

  private space(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text.charAt(this.at))) this.at++;
  }

  private value(pointer: string): void {
    this.starts.set(pointer, this.at);
    const char = this.text.charAt(this.at);
    if (char === '{') this.object(pointer);
    else if (char === '[') this.array(pointer);
    else if (char === '"') this.string();
    else this.scalar();
  }

  private scalar(): void {
    const literal = LITERALS.find((word) => this.text.startsWith(word, this.at));
    if (literal) {
      this.at += literal.length;
      return;
    }
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.at += number[0].length;
      return;
    }
    this.fail(`expected a JSON value, found ${this.here()}`);
  }

  private object(pointer: string): void {
    this.at++;
    this.space();
    if (this.text.charAt(this.at) === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text.charAt(this.at) !== '"')
        this.fail(`expected a property name in double quotes, found ${this.here()}`);
      const keyStart = this.at;
      this.string();
      const key = JSON.parse(this.text.slice(keyStart, this.at)) as string;
      this.space();
      if (this.text.charAt(this.at) !== ':')
        this.fail(`expected ':' after the property name, found ${this.here()}`);
      this.at++;
      this.space();
      this.value(pointer + pointerSegment(key));
      this.space();
      const separator = this.text.charAt(this.at);
      if (separator !== ',' && separator !== '}')
        this.fail(`expected ',' or '}' after a property value, found ${this.here()}`);
      this.at++;
      if (separator === '}') return;
    }
  }

  private array(pointer: string): void {
    this.at++;
    this.space();
    if (this.text.charAt(this.at) === ']') {
      this.at++;
      return;
    }
    for (let index = 0; ; index++) {
      this.space();
      this.value(pointer + pointerSegment(index));
      this.space();
      const separator = this.text.charAt(this.at);
      if (separator !== ',' && separator !== ']')
        this.fail(`expected ',' or ']' after an array item, found ${this.here()}`);
      this.at++;
      if (separator === ']') return;
    }
  }

  private string(): void {
    const start = this.at;
    this.at++;
    while (this.at < this.text.length) {
      const code = this.text.charCodeAt(this.at);
      if (code === 0x22) {
        this.at++;
        return;
      }
      if (code === 0x5c) {
        const escaped = this.text.charAt(this.at + 1);
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
            this.fail('invalid \\u escape: expected four hexadecimal digits');
          }
          this.at += 6;
          continue;
        }
        if (escaped === '' || !'"\\/bfnrt'.includes(escaped))
          this.fail(`invalid escape '\\${escaped}' in a string`);
        this.at += 2;
        continue;
      }
      if (code < 0x20) this.fail('a line break or control character inside a string; close it with "');
      this.at++;
    }
    this.fail('unterminated string: expected a closing "', start);
  }
}

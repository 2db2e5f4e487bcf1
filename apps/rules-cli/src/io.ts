/**
 * Where a command writes, and whether it may use colour. Commands never touch process.stdout directly, so the
 * same code serves the terminal and tests.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** ANSI colour allowed on stdout. */
  color: boolean;
  /** stderr is a terminal: a progress bar may be drawn there. */
  progress: boolean;
}

export interface ColorContext {
  isTTY: boolean | undefined;
  env: Record<string, string | undefined>;
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function colorAllowed({ isTTY, env }: ColorContext): boolean {
  const noColor = env.NO_COLOR;
  return isTTY === true && (noColor === undefined || noColor === '');
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: colorAllowed({ isTTY: process.stdout.isTTY, env: process.env }),
    progress: process.stderr.isTTY === true,
  };
}

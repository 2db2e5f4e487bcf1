/** `scim-rules parse-role <name...> [--json]`: parse role names, one result per name, in order. */
import { parseRoleName } from '@scim-connector/role-grammar';
import type { Command } from 'commander';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { paint } from '../output/paint.ts';
import { renderTable } from '../output/table.ts';

/** The `--json` shape (docs/rules.md), one entry per name. */
export type ParseRoleEntry =
  | { input: string; ok: true; contextType: string; contextId: string; role: string }
  | { input: string; ok: false; error: { message: string; offset: number } };

export function parseRoles(names: readonly string[]): ParseRoleEntry[] {
  return names.map((input) => {
    const parsed = parseRoleName(input);
    if (parsed.ok) return { input, ok: true, ...parsed.value };
    return { input, ok: false, error: { message: parsed.error.message, offset: parsed.error.offset } };
  });
}

export function registerParseRole(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('parse-role')
    .description('parse role names CONTEXT_TYPE_CONTEXT_ID_ROLE; exit 2 when any does not parse')
    .argument('<name...>', 'role names, e.g. AGENT_134_STORE_ASSISTANT')
    .option('--json', 'print a JSON array, one entry per name')
    .action((names: string[], options: { json?: boolean }) => {
      const entries = parseRoles(names);
      io.out(options.json ? `${JSON.stringify(entries, null, 2)}\n` : humanReport(entries, io.color));
      setExitCode(entries.every((entry) => entry.ok) ? EXIT_OK : EXIT_BAD_INPUT);
    });
}

function humanReport(entries: readonly ParseRoleEntry[], color: boolean): string {
  const p = paint(color);
  const rows = entries.map((entry) =>
    entry.ok
      ? [entry.input, p.green('ok'), entry.contextType, entry.contextId, entry.role]
      : [entry.input, p.red('error'), '', '', `at ${entry.error.offset}: ${entry.error.message}`],
  );
  const failed = entries.filter((entry) => !entry.ok).length;
  const summary =
    failed === 0
      ? p.green(`${entries.length} parsed`)
      : p.red(`${failed} of ${entries.length} did not parse`) + p.dim(' (offsets count characters from 0)');
  return `${renderTable(['INPUT', 'RESULT', 'CONTEXT TYPE', 'CONTEXT ID', 'ROLE / ERROR'], rows)}${summary}\n`;
}

/** `scim-rules validate [dir] [--json]`: load a rules folder exactly as the server would, and report. */
import { loadRules, type RuleProblem, type RuleSet } from '@scim-connector/governance';
import type { Command } from 'commander';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { paint } from '../output/paint.ts';
import { renderTable } from '../output/table.ts';

export const DEFAULT_RULES_DIR = 'rules';

export interface ValidateSummary {
  rules: number;
  roleMappings: number;
  groupRoles: number;
}

export type ValidateReport =
  | { valid: true; dir: string; summary: ValidateSummary }
  | { valid: false; dir: string; problems: RuleProblem[] };

export async function validateRules(dir: string): Promise<ValidateReport> {
  const loaded = await loadRules(dir);
  if (!loaded.ok) return { valid: false, dir, problems: loaded.problems };
  return { valid: true, dir, summary: summarize(loaded.rules) };
}

function summarize(rules: RuleSet): ValidateSummary {
  return {
    rules: rules.rules.length,
    roleMappings: rules.roleMappings.rules.length,
    groupRoles: rules.groupRoles.length,
  };
}

export function registerValidate(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('validate')
    .description(
      'check a rules folder (governance.json, role-mappings.json, group-roles.json); exit 2 when invalid',
    )
    .argument('[dir]', 'the rules folder', DEFAULT_RULES_DIR)
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, options: { json?: boolean }) => {
      const report = await validateRules(dir);
      io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : humanReport(report, io.color));
      setExitCode(report.valid ? EXIT_OK : EXIT_BAD_INPUT);
    });
}

function humanReport(report: ValidateReport, color: boolean): string {
  const p = paint(color);
  if (report.valid) {
    const { rules, roleMappings, groupRoles } = report.summary;
    return `${p.green('valid')}: ${report.dir} — ${plural(rules, 'lifecycle rule')}, ${plural(roleMappings, 'role mapping')}, ${plural(groupRoles, 'group entry', 'group entries')}\n`;
  }
  const rows = report.problems.map((problem) => [
    `${problem.file}:${problem.line}:${problem.column}`,
    problem.pointer === '' ? '(document)' : problem.pointer,
    problem.message,
  ]);
  const table = renderTable(['FILE:LINE:COLUMN', 'POINTER', 'PROBLEM'], rows);
  return `${table}${p.red(`${plural(report.problems.length, 'problem')} in ${report.dir}`)}: nothing was loaded\n`;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

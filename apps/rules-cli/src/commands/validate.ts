/**
 * `scim-rules validate [dir] [--catalog fixture] [--json]`: load a rules folder exactly as the server would, then
 * review it (docs/rules.md, Reviewing rules): errors exit 2, warnings are reported and the folder stays valid.
 */
import {
  type ReviewProblem,
  type RuleCatalogue,
  type RuleProblem,
  type RuleSet,
  reviewRulesFolder,
} from '@scim-connector/governance';
import type { Command } from 'commander';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.ts';
import { loadCatalogueFile } from '../input/load-catalogue.ts';
import type { CliIo } from '../io.ts';
import { withBadInputReport } from '../output/bad-input.ts';
import { paint } from '../output/paint.ts';
import { renderTable } from '../output/table.ts';

export const DEFAULT_RULES_DIR = 'rules';

export interface ValidateSummary {
  rules: number;
  roleMappings: number;
  groupRoles: number;
}

/** A problem that fails validation: from loading (the server would refuse the folder) or from the review. */
export type ValidateProblem = (RuleProblem & { severity: 'error' }) | ReviewProblem;

export type ValidateReport =
  | { valid: true; dir: string; catalog?: string; summary: ValidateSummary; warnings: ReviewProblem[] }
  | {
      valid: false;
      dir: string;
      catalog?: string;
      /** True when the folder does not load at all (the server keeps the rules it had). */
      loads: boolean;
      problems: ValidateProblem[];
      warnings: ReviewProblem[];
    };

export async function validateRules(dir: string, catalogue?: RuleCatalogue): Promise<ValidateReport> {
  const reviewed = await reviewRulesFolder(dir, catalogue ? { catalogue } : {});
  const catalog = catalogue ? { catalog: catalogue.source } : {};
  if (!reviewed.ok) {
    const problems = reviewed.problems.map((problem) => ({ ...problem, severity: 'error' as const }));
    return { valid: false, dir, ...catalog, loads: false, problems, warnings: [] };
  }
  const problems = reviewed.problems.filter((problem) => problem.severity === 'error');
  const warnings = reviewed.problems.filter((problem) => problem.severity === 'warning');
  if (problems.length > 0) return { valid: false, dir, ...catalog, loads: true, problems, warnings };
  return { valid: true, dir, ...catalog, summary: summarize(reviewed.rules), warnings };
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
    .option(
      '--catalog <fixture>',
      "a platform fixture with the platform's roles and contexts to check names against",
    )
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, options: { catalog?: string; json?: boolean }) => {
      const code = await withBadInputReport(io, options.json, async () => {
        const catalogue = options.catalog ? await loadCatalogueFile(options.catalog) : undefined;
        const report = await validateRules(dir, catalogue);
        io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : humanReport(report, io.color));
        return report.valid ? EXIT_OK : EXIT_BAD_INPUT;
      });
      setExitCode(code);
    });
}

function humanReport(report: ValidateReport, color: boolean): string {
  const p = paint(color);
  const warnings =
    report.warnings.length === 0
      ? ''
      : `${problemTable(report.warnings, 'WARNING')}${p.yellow(plural(report.warnings.length, 'warning'))}\n`;
  if (report.valid) {
    const { rules, roleMappings, groupRoles } = report.summary;
    return `${p.green('valid')}: ${report.dir} — ${plural(rules, 'lifecycle rule')}, ${plural(roleMappings, 'role mapping')}, ${plural(groupRoles, 'group entry', 'group entries')}\n${warnings}`;
  }
  const consequence = report.loads
    ? 'the folder loads, but its rules do not do what they say'
    : 'nothing was loaded';
  return `${problemTable(report.problems, 'PROBLEM')}${p.red(`${plural(report.problems.length, 'problem')} in ${report.dir}`)}: ${consequence}\n${warnings}`;
}

function problemTable(problems: readonly RuleProblem[], heading: string): string {
  const rows = problems.map((problem) => [
    `${problem.file}:${problem.line}:${problem.column}`,
    problem.pointer === '' ? '(document)' : problem.pointer,
    problem.message,
  ]);
  return renderTable(['FILE:LINE:COLUMN', 'POINTER', heading], rows);
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

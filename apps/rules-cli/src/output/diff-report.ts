/** The human form of `diff`: two rows per differing user, one per rule folder, differing cells highlighted. */
import type { DifferingField, OutcomeComparison, UserEndState } from '../diff/compare-outcomes.ts';
import { paint } from './paint.ts';
import { plural } from './simulate-report.ts';
import { renderTable } from './table.ts';

export function renderDifferences(
  comparison: OutcomeComparison,
  folders: { rulesA: string; rulesB: string },
  color: boolean,
): string {
  const p = paint(color);
  if (comparison.differences.length === 0) {
    return `${p.green('no differences')}: ${plural(comparison.users, 'user')} end with the same outcome, status and roles under ${folders.rulesA} and ${folders.rulesB}\n`;
  }
  const rows: string[][] = [];
  for (const difference of comparison.differences) {
    const cells = (state: UserEndState, mark: (text: string) => string) => {
      const highlight = (field: DifferingField, text: string) =>
        difference.differs.includes(field) ? mark(text) : text;
      const outcome =
        state.outcome === null
          ? '-'
          : `${state.outcome}${state.reasons.length > 0 ? ` (${state.reasons.join(', ')})` : ''}`;
      return [
        highlight('outcome', outcome),
        highlight('status', state.status),
        highlight('roles', state.roles.join(', ') || '-'),
      ];
    };
    rows.push([difference.userName, 'A', ...cells(difference.a, p.red)]);
    rows.push(['', 'B', ...cells(difference.b, p.green)]);
  }
  const head = p.bold(
    `${comparison.differences.length} of ${plural(comparison.users, 'user')} ${comparison.differences.length === 1 ? 'differs' : 'differ'} — A: ${folders.rulesA}, B: ${folders.rulesB}`,
  );
  return `${head}\n${renderTable(['USER', 'RULES', 'OUTCOME', 'STATUS', 'ROLES'], rows)}`;
}

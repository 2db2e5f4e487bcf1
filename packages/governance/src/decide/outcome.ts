/**
 * The outcome follows the events that fired, by type — deactivate > block > create / update / none
 * (docs/architecture.md §5.2). Within the last group (they exclude each other in sane rule sets) the higher rule
 * priority wins, then the earlier rule in the file. No event at all means nothing to do.
 */
import type { FiredRule, Outcome } from '../types.ts';

const RANK: Record<Outcome, number> = { deactivate: 3, block: 2, create: 1, update: 1, none: 1 };

export interface ChosenOutcome {
  outcome: Outcome;
  decidedBy: FiredRule[];
  reasons: string[];
}

export function chooseOutcome(fired: readonly FiredRule[]): ChosenOutcome {
  if (fired.length === 0) return { outcome: 'none', decidedBy: [], reasons: [] };
  const top = Math.max(...fired.map((rule) => RANK[rule.event.type]));
  let decidedBy = fired.filter((rule) => RANK[rule.event.type] === top);
  if (top === 1) {
    const best = decidedBy.reduce((winner, rule) => (rule.priority > winner.priority ? rule : winner));
    decidedBy = [best];
  }
  const first = decidedBy[0] as FiredRule;
  const reasons = [
    ...new Set(
      decidedBy.map((rule) => rule.event.params.reason).filter((r): r is string => typeof r === 'string'),
    ),
  ];
  return { outcome: first.event.type, decidedBy, reasons };
}

/**
 * The outcome follows the events that fired, by type — deactivate > block > create / update / none
 * (docs/architecture.md §5.2). Within the last group (they exclude each other in sane rule sets) the higher rule
 * priority wins, then the earlier rule in the file. No event at all means nothing to do.
 *
 * `revoke` events take no part in that contest: they say that roles no source grants any more go, whatever the
 * outcome, so a block can withhold grants but never a revocation. Block reasons are kept even when a deactivation
 * wins, so an account deactivated for `no-roles` still shows which roles were withheld.
 */
import type { FiredRule, Outcome, OutcomeEventType } from '../types.ts';

const RANK: Record<OutcomeEventType, number> = { deactivate: 3, block: 2, create: 1, update: 1, none: 1 };

export interface ChosenOutcome {
  outcome: Outcome;
  decidedBy: FiredRule[];
  reasons: string[];
  /** Reasons of every block event that fired. */
  blockedReasons: string[];
  /** The revoke rules that fired: roles no longer granted are removed. */
  revokedBy: FiredRule[];
}

type OutcomeRule = FiredRule & { event: { type: OutcomeEventType } };

function isOutcomeRule(rule: FiredRule): rule is OutcomeRule {
  return rule.event.type !== 'revoke';
}

export function chooseOutcome(fired: readonly FiredRule[]): ChosenOutcome {
  const revokedBy = fired.filter((rule) => rule.event.type === 'revoke');
  const contenders = fired.filter(isOutcomeRule);
  const blockedReasons = reasonsOf(contenders.filter((rule) => rule.event.type === 'block'));
  if (contenders.length === 0)
    return { outcome: 'none', decidedBy: [], reasons: [], blockedReasons, revokedBy };
  const top = Math.max(...contenders.map((rule) => RANK[rule.event.type]));
  let decidedBy = contenders.filter((rule) => RANK[rule.event.type] === top);
  if (top === 1) {
    const best = decidedBy.reduce((winner, rule) => (rule.priority > winner.priority ? rule : winner));
    decidedBy = [best];
  }
  const first = decidedBy[0] as OutcomeRule;
  return { outcome: first.event.type, decidedBy, reasons: reasonsOf(decidedBy), blockedReasons, revokedBy };
}

function reasonsOf(rules: readonly FiredRule[]): string[] {
  return [
    ...new Set(
      rules.map((rule) => rule.event.params.reason).filter((r): r is string => typeof r === 'string'),
    ),
  ];
}

/**
 * Where two replays of one log part ways: per user (by userName, ignoring case), the last decision's outcome and
 * reasons, the platform status (ABSENT when there is no account) and the exact role set.
 */
import type { Outcome } from '@scim-connector/governance';
import type { ReplayFileResult } from '../replay/replay-file.ts';
import { compareText } from '../replay/replay-session.ts';

export interface UserEndState {
  /** The last decision's outcome; null when the log caused none for this user (e.g. a fixture account). */
  outcome: Outcome | null;
  reasons: string[];
  status: 'ACTIVE' | 'INACTIVE' | 'ABSENT';
  roles: string[];
}

export type DifferingField = 'outcome' | 'status' | 'roles';

export interface UserDifference {
  userName: string;
  differs: DifferingField[];
  a: UserEndState;
  b: UserEndState;
}

export interface OutcomeComparison {
  /** Users compared: everyone decided about or holding an account under either rule folder. */
  users: number;
  differences: UserDifference[];
}

export function compareOutcomes(a: ReplayFileResult, b: ReplayFileResult): OutcomeComparison {
  const left = endStates(a);
  const right = endStates(b);
  const names = new Map<string, string>();
  for (const states of [left, right])
    for (const [key, { userName }] of states) if (!names.has(key)) names.set(key, userName);
  const differences: UserDifference[] = [];
  for (const [key, userName] of [...names].sort(([x], [y]) => compareText(x, y))) {
    const stateA = left.get(key)?.state ?? absent();
    const stateB = right.get(key)?.state ?? absent();
    const differs = differingFields(stateA, stateB);
    if (differs.length > 0) differences.push({ userName, differs, a: stateA, b: stateB });
  }
  return { users: names.size, differences };
}

function endStates(result: ReplayFileResult): Map<string, { userName: string; state: UserEndState }> {
  const states = new Map<string, { userName: string; state: UserEndState }>();
  for (const decision of result.report.decisions) {
    const previous = states.get(decision.userName.toLowerCase());
    states.set(decision.userName.toLowerCase(), {
      userName: decision.userName,
      state: {
        ...(previous?.state ?? absent()),
        outcome: decision.outcome,
        reasons: [...decision.reasons].sort(),
      },
    });
  }
  for (const account of result.platformUsers) {
    const key = account.username.toLowerCase();
    const entry = states.get(key) ?? { userName: account.username, state: absent() };
    entry.state = { ...entry.state, status: account.status, roles: account.roles };
    states.set(key, entry);
  }
  return states;
}

function absent(): UserEndState {
  return { outcome: null, reasons: [], status: 'ABSENT', roles: [] };
}

function differingFields(a: UserEndState, b: UserEndState): DifferingField[] {
  const fields: DifferingField[] = [];
  if (a.outcome !== b.outcome || a.reasons.join() !== b.reasons.join()) fields.push('outcome');
  if (a.status !== b.status) fields.push('status');
  if (a.roles.join() !== b.roles.join()) fields.push('roles');
  return fields;
}

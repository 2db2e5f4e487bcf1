/**
 * Runs one rule test: its events replayed in a fresh session (the test's platform fixture, else the simulator's
 * default seed), then each expected user compared with the platform and with the user's last decision.
 */
import { type RuleSet, sameUserType, type UserType } from '@scim-connector/governance';
import { openReplaySession, type ReplaySession } from '../replay/replay-session.ts';
import { type LocatedDecision, type LocatedRejection, runReplay } from '../replay/run-replay.ts';
import type { Expectation, ExpectedStatus, RuleTest } from './test-file.ts';

export interface ActualState {
  status: ExpectedStatus;
  roles: string[];
  /** Reasons of the last decision when it was a block, else empty. */
  blocked: string[];
  /** The account's user type; null when there is no account or it has none the connector decides. */
  userType: UserType | null;
}

export interface TestFailure {
  userName: string;
  expected: Expectation;
  actual: ActualState;
}

export interface TestResult {
  file: string;
  name: string;
  passed: boolean;
  failures: TestFailure[];
  /** Events the SCIM service refused; not failures by themselves, but usually a mistake in the test. */
  rejections: LocatedRejection[];
}

export async function runRuleTest(test: RuleTest, rules: RuleSet): Promise<TestResult> {
  const session = await openReplaySession({ rules, ...(test.fixture ? { fixture: test.fixture } : {}) });
  try {
    const report = await runReplay(session, test.events);
    const failures: TestFailure[] = [];
    for (const [userName, expected] of test.expect) {
      const actual = actualState(session, report.decisions, userName);
      if (!matches(expected, actual)) failures.push({ userName, expected, actual });
    }
    return {
      file: test.file,
      name: test.name,
      passed: failures.length === 0,
      failures,
      rejections: report.rejections,
    };
  } finally {
    await session.close();
  }
}

function actualState(
  session: ReplaySession,
  decisions: readonly LocatedDecision[],
  userName: string,
): ActualState {
  const account = session.platformUser(userName);
  const wanted = userName.toLowerCase();
  const last = decisions.findLast((decision) => decision.userName.toLowerCase() === wanted);
  return {
    status: account?.status ?? 'ABSENT',
    roles: account?.roles ?? [],
    // Every block reason of the last decision, also beside a deactivation for no-roles.
    blocked: last ? [...last.blockedReasons].sort() : [],
    userType: account?.userType ?? null,
  };
}

function matches(expected: Expectation, actual: ActualState): boolean {
  if (expected.status !== actual.status) return false;
  if (expected.roles && !sameSet(expected.roles, actual.roles)) return false;
  if (expected.blocked && !sameSet(expected.blocked, actual.blocked)) return false;
  if (expected.userType && !sameUserType(expected.userType, actual.userType ?? undefined)) return false;
  return true;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

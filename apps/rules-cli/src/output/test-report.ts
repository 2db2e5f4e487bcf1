/** A failed rule test, user by user: each compared field that differs, with what is missing and what is extra. */

import { sameUserType } from '@scim-connector/governance';
import type { TestFailure } from '../rule-tests/run-rule-test.ts';
import { describeUserType } from '../simulation/user-type-text.ts';
import type { Paint } from './paint.ts';

const INDENT = '       ';

export function renderFailure(failure: TestFailure, p: Paint): string {
  const { expected, actual } = failure;
  const lines = [`${INDENT}${p.bold(failure.userName)}`];
  if (expected.status !== actual.status) {
    lines.push(`${INDENT}  status:  expected ${p.green(expected.status)}, actual ${p.red(actual.status)}`);
  }
  if (expected.roles) {
    const diff = setDiff(expected.roles, actual.roles);
    if (diff) lines.push(`${INDENT}  roles:   ${diff(p)}`);
  }
  if (expected.blocked) {
    const diff = setDiff(expected.blocked, actual.blocked);
    if (diff) {
      lines.push(
        `${INDENT}  blocked: expected ${listOrNone(expected.blocked)}, actual ${listOrNone(actual.blocked)}`,
      );
    }
  }
  if (expected.userType && !sameUserType(expected.userType, actual.userType ?? undefined)) {
    lines.push(
      `${INDENT}  type:    expected ${p.green(describeUserType(expected.userType))}, actual ${p.red(describeUserType(actual.userType))}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function setDiff(expected: readonly string[], actual: readonly string[]): ((p: Paint) => string) | undefined {
  const missing = expected.filter((item) => !actual.includes(item));
  const extra = actual.filter((item) => !expected.includes(item));
  if (missing.length === 0 && extra.length === 0) return undefined;
  return (p) =>
    [
      missing.length > 0 ? `missing ${p.green(missing.join(', '))}` : '',
      extra.length > 0 ? `unexpected ${p.red(extra.join(', '))}` : '',
    ]
      .filter((part) => part !== '')
      .join('; ');
}

function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : items.join(', ');
}

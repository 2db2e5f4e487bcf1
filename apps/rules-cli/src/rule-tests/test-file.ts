/**
 * Rule test files (docs/rules.md, Rule tests): `{"name", "platform"?: fixture, "events": [requests as in the log],
 * "expect": {"<userName>": {"status": "ACTIVE"|"INACTIVE"|"ABSENT", "roles"?: [...], "blocked"?: [...],
 * "userType"?: {"type": "ADMIN"} | {"type": "RETAILER", "primaryRetailer": "199"} | {"type": "LOCATION", "primaryLocation": "134"}}}}`.
 * Every problem in a file is collected and placed at its line and column, so one run shows them all.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UserType } from '@scim-connector/governance';
import type { PlatformFixture } from '@scim-connector/platform-plugins';
import { formatRoleName, parseRoleName } from '@scim-connector/role-grammar';
import { BadInputError, type InputProblem, problemAt } from '../input/input-problem.ts';
import { checkFixture } from '../input/load-fixture.ts';
import { type LocatedJson, parseLocatedJson, pointerSegment, positionAt } from '../json/located-json.ts';
import type { ParsedLine } from '../replay/event-log.ts';
import { checkRequest } from '../replay/replay-request.ts';

export const TEST_FILE_SUFFIX = '.test.json';

export type ExpectedStatus = 'ACTIVE' | 'INACTIVE' | 'ABSENT';
const STATUSES: readonly ExpectedStatus[] = ['ACTIVE', 'INACTIVE', 'ABSENT'];

export interface Expectation {
  status: ExpectedStatus;
  /** Canonical role names; compared as a set. Not compared when absent. */
  roles?: string[];
  /** Reasons of the user's last decision (empty when it was not a block); compared as a set. */
  blocked?: string[];
  /** The account's user type with its primary context. Not compared when absent. */
  userType?: UserType;
}

export interface RuleTest {
  file: string;
  name: string;
  fixture?: PlatformFixture;
  events: ParsedLine[];
  expect: Map<string, Expectation>;
}

const TOP_KEYS = ['$schema', 'name', 'description', 'platform', 'events', 'expect'];
const EXPECT_KEYS = ['status', 'roles', 'blocked', 'userType'];

/** The `*.test.json` files directly in `dir`, sorted. */
export async function findRuleTests(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : String(error);
    throw new BadInputError([
      { file: dir, line: 1, column: 1, message: `cannot read the tests folder: ${reason}` },
    ]);
  }
  const files = names.filter((name) => name.endsWith(TEST_FILE_SUFFIX)).sort();
  if (files.length === 0) {
    throw new BadInputError([
      {
        file: dir,
        line: 1,
        column: 1,
        message: `no rule tests here: test files are named *${TEST_FILE_SUFFIX}`,
      },
    ]);
  }
  return files.map((name) => join(dir, name));
}

/** Reads and checks one test file; throws BadInputError listing every problem in it. */
export async function loadRuleTest(file: string): Promise<RuleTest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BadInputError([
      { file, line: 1, column: 1, message: `cannot read the test file: ${String(error)}` },
    ]);
  }
  const json = parseLocatedJson(text);
  if (!json.ok) throw new BadInputError([problemAt(file, json.position, `not valid JSON: ${json.message}`)]);
  const problems: InputProblem[] = [];
  const problem = (pointer: string, message: string) =>
    problems.push(problemAt(file, json.positionOf(pointer), message));

  const root = json.value;
  if (!isObject(root)) {
    throw new BadInputError([
      problemAt(file, json.positionOf(''), 'a rule test is a JSON object {"name", "events", "expect"}'),
    ]);
  }
  for (const key of Object.keys(root)) {
    if (!TOP_KEYS.includes(key))
      problem(pointerSegment(key), `unknown key "${key}": a rule test has ${TOP_KEYS.slice(1).join(', ')}`);
  }
  if (typeof root.name !== 'string' || root.name.trim() === '')
    problem('/name', '"name" must be a non-empty string');
  const events = checkEvents(file, json, root.events, problems);
  const expect = checkExpectations(root.expect, problem);
  let fixture: PlatformFixture | undefined;
  if (root.platform !== undefined) {
    try {
      fixture = checkFixture(root.platform, file, (pointer) => json.positionOf(`/platform${pointer}`));
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new BadInputError(problems);
  return { file, name: String(root.name), events, expect, ...(fixture ? { fixture } : {}) };
}

function checkEvents(
  file: string,
  json: Extract<LocatedJson, { ok: true }>,
  value: unknown,
  problems: InputProblem[],
): ParsedLine[] {
  const problem = (pointer: string, message: string) =>
    problems.push(problemAt(file, json.positionOf(pointer), message));
  if (!Array.isArray(value)) {
    problem(
      '/events',
      '"events" must be an array of SCIM requests, e.g. [{"method":"POST","path":"/Users","body":{...}}]',
    );
    return [];
  }
  const events: ParsedLine[] = [];
  value.forEach((event, index) => {
    const pointer = `/events${pointerSegment(index)}`;
    const start = json.offsetOf(pointer);
    const position = json.positionOf(pointer);
    const origin = {
      file,
      position,
      find: (needle: string) => {
        const offset = json.text.indexOf(needle, start);
        return offset === -1 ? position : positionAt(json.text, offset);
      },
    };
    const checked = checkRequest(event, origin, (inner) => json.positionOf(pointer + inner));
    if (checked.ok) events.push(checked);
    else problems.push(problemAt(file, checked.position, `events[${index}]: ${checked.message}`));
  });
  return events;
}

function checkExpectations(
  value: unknown,
  problem: (pointer: string, message: string) => void,
): Map<string, Expectation> {
  const expectations = new Map<string, Expectation>();
  if (!isObject(value) || Object.keys(value).length === 0) {
    problem('/expect', '"expect" must map at least one userName to {"status", "roles"?, "blocked"?}');
    return expectations;
  }
  for (const [userName, raw] of Object.entries(value)) {
    const pointer = `/expect${pointerSegment(userName)}`;
    if (!isObject(raw)) {
      problem(pointer, `expect["${userName}"] must be an object {"status", "roles"?, "blocked"?}`);
      continue;
    }
    for (const key of Object.keys(raw)) {
      if (!EXPECT_KEYS.includes(key))
        problem(`${pointer}${pointerSegment(key)}`, `unknown key "${key}": use ${EXPECT_KEYS.join(', ')}`);
    }
    if (!STATUSES.includes(raw.status as ExpectedStatus)) {
      problem(`${pointer}/status`, `"status" must be one of ${STATUSES.join(', ')}`);
      continue;
    }
    const expectation: Expectation = { status: raw.status as ExpectedStatus };
    const roles = checkRoles(raw.roles, `${pointer}/roles`, problem);
    if (roles) expectation.roles = roles;
    if (raw.blocked !== undefined) {
      if (Array.isArray(raw.blocked) && raw.blocked.every((reason) => typeof reason === 'string')) {
        expectation.blocked = [...raw.blocked].sort();
      } else {
        problem(`${pointer}/blocked`, '"blocked" must be an array of reason codes, e.g. ["unresolved-role"]');
      }
    }
    if (raw.userType !== undefined) {
      const userType = checkUserType(raw.userType);
      if (userType) expectation.userType = userType;
      else
        problem(
          `${pointer}/userType`,
          '"userType" must be {"type": "ADMIN"}, {"type": "RETAILER", "primaryRetailer": "<retailer id>"} or {"type": "LOCATION", "primaryLocation": "<location id>"}',
        );
    }
    expectations.set(userName, expectation);
  }
  return expectations;
}

/** An expected user type: exactly one of the three shapes, ids as digit strings. */
function checkUserType(value: unknown): UserType | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value).sort().join(',');
  const id = (field: string) => {
    const raw = value[field];
    return typeof raw === 'string' && /^[0-9]+$/.test(raw) ? raw : undefined;
  };
  if (value.type === 'ADMIN' && keys === 'type') return { type: 'ADMIN' };
  const retailer = id('primaryRetailer');
  if (value.type === 'RETAILER' && keys === 'primaryRetailer,type' && retailer)
    return { type: 'RETAILER', primaryRetailer: retailer };
  const location = id('primaryLocation');
  if (value.type === 'LOCATION' && keys === 'primaryLocation,type' && location)
    return { type: 'LOCATION', primaryLocation: location };
  return undefined;
}

/** Role names in canonical form (`agent_134_STORE` is `AGENT_134_STORE`), so they compare with the platform's. */
function checkRoles(
  value: unknown,
  pointer: string,
  problem: (pointer: string, message: string) => void,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problem(pointer, '"roles" must be an array of role names, e.g. ["AGENT_134_STORE"]');
    return undefined;
  }
  const roles: string[] = [];
  value.forEach((name, index) => {
    const parsed = typeof name === 'string' ? parseRoleName(name) : undefined;
    if (parsed?.ok) roles.push(formatRoleName(parsed.value));
    else {
      const why = parsed ? parsed.error.message : 'not a string';
      problem(`${pointer}${pointerSegment(index)}`, `roles[${index}] is not a role name: ${why}`);
    }
  });
  return [...new Set(roles)].sort();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

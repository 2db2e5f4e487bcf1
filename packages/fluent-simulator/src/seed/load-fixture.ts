/**
 * Reading a platform fixture: JSON syntax (with line and column), the schema (every offending key named), then
 * the checks that need the whole file (duplicate ids, role names that do not parse or are not in its catalogue).
 */
import { readFile } from 'node:fs/promises';
import { compileSchemaValidator, SchemaValidationError } from '@scim-connector/platform';
import { parseRoleName } from '@scim-connector/role-grammar';
import type { PlatformFixture } from './fixture.ts';
import { platformFixtureSchema } from './fixture.ts';
import { FixtureError } from './fixture-error.ts';
import { locateJsonError } from './json-error-location.ts';

const validateShape = compileSchemaValidator<PlatformFixture>(platformFixtureSchema, 'platform fixture');

export async function loadFixture(path: string): Promise<PlatformFixture> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new FixtureError(path, [`cannot be read: ${reason}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const where = locateJsonError(text);
    const at = where ? ` at line ${where.line}, column ${where.column}` : '';
    throw new FixtureError(path, [`is not valid JSON${at}: ${(error as Error).message}`]);
  }
  return parseFixture(value, path);
}

/** Validates an already parsed fixture (e.g. the `platform` of a rule test); ids come back as strings. */
export function parseFixture(value: unknown, source = '(inline)'): PlatformFixture {
  let fixture: PlatformFixture;
  try {
    fixture = validateShape(structuredClone(value));
  } catch (error) {
    if (error instanceof SchemaValidationError) throw new FixtureError(source, error.problems);
    throw error;
  }
  normalizeIds(fixture);
  const problems = consistencyProblems(fixture);
  if (problems.length > 0) throw new FixtureError(source, problems);
  return fixture;
}

function normalizeIds(fixture: PlatformFixture): void {
  for (const list of [
    fixture.accounts,
    fixture.retailers,
    fixture.locations,
    fixture.users,
    fixture.settings,
  ]) {
    for (const item of list ?? []) if (item.id !== undefined) item.id = String(item.id);
  }
  for (const location of fixture.locations ?? []) {
    if (location.retailerId !== undefined) location.retailerId = String(location.retailerId);
  }
}

function consistencyProblems(fixture: PlatformFixture): string[] {
  const problems: string[] = [];
  const duplicates = (key: string, values: (string | undefined)[], what: string) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      if (value === undefined) return;
      if (seen.has(value)) problems.push(`${key}[${index}] repeats the ${what} "${value}"`);
      seen.add(value);
    });
  };
  duplicates(
    'accounts',
    (fixture.accounts ?? []).map((a) => a.id),
    'id',
  );
  duplicates(
    'retailers',
    (fixture.retailers ?? []).map((r) => r.id),
    'id',
  );
  duplicates(
    'locations',
    (fixture.locations ?? []).map((l) => l.id),
    'id',
  );
  duplicates('roles', fixture.roles ?? [], 'role');
  duplicates(
    'users',
    (fixture.users ?? []).map((u) => u.id),
    'id',
  );
  duplicates(
    'users',
    (fixture.users ?? []).map((u) => u.username),
    'username',
  );
  duplicates(
    'settings',
    (fixture.settings ?? []).map((s) => `${s.name} at ${s.context} ${s.contextId}`),
    'setting',
  );

  const retailers = fixture.retailers && new Set(fixture.retailers.map((r) => r.id));
  fixture.locations?.forEach((location, index) => {
    if (retailers && location.retailerId !== undefined && !retailers.has(location.retailerId)) {
      problems.push(
        `locations[${index}].retailerId "${location.retailerId}" is not one of the fixture's retailers`,
      );
    }
  });

  const catalogue = fixture.roles && new Set(fixture.roles);
  fixture.users?.forEach((user, userIndex) => {
    user.roles?.forEach((name, roleIndex) => {
      const where = `users[${userIndex}].roles[${roleIndex}]`;
      const parsed = parseRoleName(name);
      if (!parsed.ok) problems.push(`${where} "${name}" is not a role name: ${parsed.error.message}`);
      else if (catalogue && !catalogue.has(parsed.value.role)) {
        problems.push(
          `${where} "${name}" uses role "${parsed.value.role}", which is not in the fixture's roles`,
        );
      }
    });
  });
  return problems;
}

/**
 * No personal value or password survives pseudonymization, whatever shape the PATCH engine would accept it in:
 * a resource body, a PATCH path (plain, URN-qualified, a schema URN, a value filter), a path-less value (plain,
 * dotted, URN-qualified, schema-keyed), attribute and member names in any case.
 */
import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from '../schema/urns.ts';
import type { JournalEntry } from '../store/port.ts';
import { createPseudonymizer, REDACTED } from './pseudonymize.ts';

const SEED = 0x95e0;
const RUNS = propertyRuns(400, SEED);
const KEY = new TextEncoder().encode('the fuzz test key, thirty-two bytes or more');
/** Every personal value carries this mark; no attribute name, URN or pseudonym does. */
const MARK = '§';

interface Personal {
  schema: 'core' | 'enterprise';
  attr: string;
  sub?: string;
  multi?: true;
}
const PERSONAL: readonly Personal[] = [
  { schema: 'core', attr: 'userName' },
  { schema: 'core', attr: 'displayName' },
  { schema: 'core', attr: 'nickName' },
  { schema: 'core', attr: 'externalId' },
  { schema: 'core', attr: 'profileUrl' },
  { schema: 'core', attr: 'preferredLanguage' },
  { schema: 'core', attr: 'password' },
  { schema: 'core', attr: 'name', sub: 'givenName' },
  { schema: 'core', attr: 'name', sub: 'formatted' },
  { schema: 'core', attr: 'emails', sub: 'value', multi: true },
  { schema: 'core', attr: 'emails', sub: 'display', multi: true },
  { schema: 'core', attr: 'phoneNumbers', sub: 'value', multi: true },
  { schema: 'core', attr: 'addresses', sub: 'streetAddress', multi: true },
  { schema: 'core', attr: 'ims', sub: 'value', multi: true },
  { schema: 'enterprise', attr: 'employeeNumber' },
  { schema: 'enterprise', attr: 'manager', sub: 'displayName' },
];
const URN = { core: CORE_USER_SCHEMA, enterprise: ENTERPRISE_USER_SCHEMA };

const secret = fc
  .string({ unit: fc.constantFrom('a', 'Z', '0', '@', ':', '.', ' ', '-', '[', ']'), maxLength: 12 })
  .map((text) => `${MARK}${text}`);
const casing = fc.constantFrom(
  (name: string) => name,
  (name: string) => name.toUpperCase(),
  (name: string) => name.toLowerCase(),
);
const SHAPES = [
  'resource',
  'path',
  'urn-path',
  'pathless',
  'pathless-dotted',
  'pathless-urn',
  'schema-keyed',
  'schema-path',
  'filter',
] as const;

/** The attribute's value holding `value` at its sub-attribute, as an element list when multi-valued. */
function attributeValue(item: Personal, value: string, asArray: boolean): unknown {
  if (item.sub === undefined) return value;
  const element = { [item.sub]: value, type: 'work' };
  if (item.attr === 'manager')
    return asArray ? [{ value: 'm1', displayName: value }] : { value: 'm1', displayName: value };
  return item.multi || asArray ? [element] : { [item.sub]: value };
}

function entryOf(
  shape: (typeof SHAPES)[number],
  item: Personal,
  value: string,
  cased: (name: string) => string,
  asArray: boolean,
  upperMembers: boolean,
): JournalEntry {
  const attr = cased(item.attr);
  const sub = item.sub === undefined ? undefined : cased(item.sub);
  const qualified = item.schema === 'enterprise' ? `${URN.enterprise}:${attr}` : attr;
  const whole = attributeValue(item, value, asArray);
  const op = (fields: Record<string, unknown>) => {
    const out: Record<string, unknown> = {
      [upperMembers ? 'OP' : 'op']: upperMembers ? 'Replace' : 'replace',
    };
    for (const [name, inner] of Object.entries(fields)) out[upperMembers ? name.toUpperCase() : name] = inner;
    return {
      method: 'PATCH' as const,
      path: '/Users/u1',
      body: { [upperMembers ? 'operations' : 'Operations']: [out] },
    };
  };
  switch (shape) {
    case 'resource':
      return {
        method: 'POST',
        path: '/Users',
        body: item.schema === 'enterprise' ? { [URN.enterprise]: { [attr]: whole } } : { [attr]: whole },
      };
    case 'path':
      return op({ path: qualified, value: whole });
    case 'urn-path':
      return op({ path: `${URN[item.schema]}:${attr}`, value: whole });
    case 'pathless':
      return op({ value: { [qualified]: whole } });
    case 'pathless-dotted':
      return sub === undefined || item.multi
        ? op({ value: { [qualified]: whole } })
        : op({ value: { [`${qualified}.${sub}`]: value } });
    case 'pathless-urn':
      return op({ value: { [`${URN[item.schema]}:${attr}`]: whole } });
    case 'schema-keyed':
      return op({ value: { [URN[item.schema]]: { [attr]: whole } } });
    case 'schema-path':
      return op({ path: URN[item.schema], value: { [attr]: whole } });
    case 'filter':
      return item.multi && sub !== undefined
        ? op({ path: `${qualified}[${sub} eq ${JSON.stringify(value)}].type`, value: 'home' })
        : op({ path: qualified, value: whole });
  }
}

describe('createPseudonymizer (fuzz)', () => {
  it(
    'leaves no personal value or password in any case, URN or path-less shape',
    () => {
      const pseudonymizer = createPseudonymizer(KEY);
      fc.assert(
        fc.property(
          fc.constantFrom(...SHAPES),
          fc.constantFrom(...PERSONAL),
          secret,
          casing,
          fc.boolean(),
          fc.boolean(),
          (shape, item, value, cased, asArray, upperMembers) => {
            const entry = entryOf(shape, item, value, cased, asArray, upperMembers);
            const text = JSON.stringify(pseudonymizer.entry(entry));
            expect(text).not.toContain(MARK);
            if (item.attr === 'password' && shape !== 'filter') expect(text).toContain(`"${REDACTED}"`);
          },
        ),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});

/**
 * Journal exports without personal data (docs/rules.md, "Committing a journal: pseudonymized").
 *
 * Fail closed: a value is kept only when its attribute is on the short KEPT list below; every other string (or
 * number) — known personal attributes, attributes of no schema, keys a client made up, values in an unparseable
 * operation — is replaced by a keyed HMAC-SHA256 pseudonym. Passwords become the literal `redacted`, never a
 * pseudonym: even a keyed hash of a password could be checked against a guess by whoever holds the key.
 *
 * The body is read the way the PATCH engine reads it (normalize.ts, pathless.ts): member names in any case, a body
 * sent as a JSON string, dotted, URN-qualified and schema-keyed path-less keys, a path naming a whole schema, a
 * path's value filter parsed by the filter grammar (so a colon inside a quoted value is not taken for a URN).
 * Reading it any other way would let a shape the engine accepts carry personal data past the pseudonymizer.
 *
 * Why keyed: a plain hash of an e-mail address is reversed by hashing a staff list; an HMAC is not without the key.
 * The same value gives the same pseudonym under one key, so a userName, its e-mails and the users a PATCH names stay
 * linked. userNames and e-mails are compared case-insensitively by the service (RFC 7643 §4.1.1), so they are
 * folded before the HMAC: two spellings of one name stay one user.
 */
import { createHmac } from 'node:crypto';
import type { Filter, PatchPath } from '../filter/ast.ts';
import { printPatchPath } from '../filter/index.ts';
import { isPlainObject } from '../patch/json.ts';
import { parsePatchBody, parsePatchPathText, readOperation } from '../patch/normalize.ts';
import { interpretPathlessKey } from '../patch/pathless.ts';
import {
  type AttributeDefinition,
  findAttribute,
  findNamed,
  findSchema,
  PATCH_OP_MESSAGE,
  type ResourceTypeName,
} from '../schema/index.ts';
import {
  CONNECTOR_GROUP_SCHEMA,
  CORE_GROUP_SCHEMA,
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
} from '../schema/urns.ts';
import type { JournalEntry } from '../store/port.ts';

/** A key shorter than this is refused: 32 bytes is the HMAC-SHA256 block's security level (RFC 2104 §3). */
export const MIN_PSEUDONYM_KEY_BYTES = 32;
export const REDACTED = 'redacted';

/** `whole`: the attribute's value is kept. `subs`: only these sub-attributes (lower-case) of a complex one. */
type Kept = { whole: true } | { subs: readonly string[] };

/**
 * What is kept, by schema and attribute (lower-case). Only what governance decides on and what identifies no
 * person: ids the connector issued, `active`, roles and entitlements (role names, docs/rules.md), a user's groups
 * and a group's name and externalId (what group-roles.json maps, RFC 7643 §4.2), member and manager ids, the
 * enterprise organisation attributes rules read (`department` in docs/rules.md's example), `userType` and `title`
 * (read by rules and `useIdpUserType`). Everything else is pseudonymized, including attributes added later.
 */
const KEPT = new Map<string, Kept>([
  [`${CORE_USER_SCHEMA}#id`, { whole: true }],
  [`${CORE_USER_SCHEMA}#active`, { whole: true }],
  [`${CORE_USER_SCHEMA}#usertype`, { whole: true }],
  [`${CORE_USER_SCHEMA}#title`, { whole: true }],
  [`${CORE_USER_SCHEMA}#roles`, { subs: ['value', 'display', 'type', 'primary'] }],
  [`${CORE_USER_SCHEMA}#entitlements`, { subs: ['value', 'display', 'type', 'primary'] }],
  [`${CORE_USER_SCHEMA}#groups`, { subs: ['value', '$ref', 'type'] }],
  [`${ENTERPRISE_USER_SCHEMA}#department`, { whole: true }],
  [`${ENTERPRISE_USER_SCHEMA}#division`, { whole: true }],
  [`${ENTERPRISE_USER_SCHEMA}#costcenter`, { whole: true }],
  [`${ENTERPRISE_USER_SCHEMA}#organization`, { whole: true }],
  [`${ENTERPRISE_USER_SCHEMA}#manager`, { subs: ['value', '$ref'] }],
  [`${CORE_GROUP_SCHEMA}#id`, { whole: true }],
  [`${CORE_GROUP_SCHEMA}#displayname`, { whole: true }],
  [`${CORE_GROUP_SCHEMA}#externalid`, { whole: true }],
  [`${CORE_GROUP_SCHEMA}#members`, { subs: ['value', '$ref', 'type'] }],
  [`${CONNECTOR_GROUP_SCHEMA}#roles`, { whole: true }],
]);
/** `type` and `primary` label an element of a multi-valued attribute (RFC 7643 §2.4), e.g. a "work" e-mail. */
const LABELS = ['type', 'primary'];
/** Compared case-insensitively by the SCIM service, so folded before the HMAC. */
const FOLDED = new Set(['username', 'emails']);
/** Display names of the users a member or manager reference names: pseudonymized as a user's displayName. */
const REFERENCE_DISPLAY = new Set(['display', 'displayname']);
const OP_NAMES = new Set(['add', 'remove', 'replace']);

export interface Pseudonymizer {
  /** The entry with its personal data replaced. */
  entry(entry: JournalEntry): JournalEntry;
  /** The pseudonym a userName gets (for references to it, such as a hand-written log's `${users.<userName>}`). */
  userName(userName: string): string;
}

/** How one value is treated: kept, pseudonymized under a label, redacted, or read by a complex attribute. */
type Policy =
  | { kind: 'keep' }
  | { kind: 'personal'; label: string }
  | { kind: 'password' }
  | { kind: 'complex'; attribute: AttributeDefinition; label: string; kept: readonly string[] };

const KEEP: Policy = { kind: 'keep' };
/** Anything the schema does not declare: pseudonymized under one neutral label, never kept. */
const UNKNOWN: Policy = { kind: 'personal', label: 'attribute' };

export function createPseudonymizer(key: Uint8Array): Pseudonymizer {
  if (key.length < MIN_PSEUDONYM_KEY_BYTES)
    throw new Error(`a pseudonymization key needs at least ${MIN_PSEUDONYM_KEY_BYTES} bytes`);
  const digest = (label: string, value: string) =>
    createHmac('sha256', key).update(`${label}\u0000${value}`).digest('hex').slice(0, 16);
  const pseudonym = (label: string, value: string): string => {
    const folded = FOLDED.has(label) ? value.toLowerCase() : value;
    // userNames are usually e-mail addresses: keep them shaped like one, in a domain that cannot be real (RFC 2606).
    const hash = digest(FOLDED.has(label) ? 'email' : label, folded);
    if (label === 'emails' || (label === 'username' && value.includes('@')))
      return `user-${hash}@example.invalid`;
    if (label === 'phonenumbers') return `+1555${BigInt(`0x${hash}`).toString().slice(0, 7)}`;
    return `${label}-${hash}`;
  };

  /** Every string and number inside `value` pseudonymized; booleans and null carry no personal data. */
  const personal = (label: string, value: unknown): unknown => {
    if (typeof value === 'string') return pseudonym(label, value);
    if (typeof value === 'number' || typeof value === 'bigint') return pseudonym(label, String(value));
    if (Array.isArray(value)) return value.map((item) => personal(label, item));
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(value)) out[name] = personal(label, inner);
      return out;
    }
    return value;
  };

  const apply = (policy: Policy, value: unknown): unknown => {
    switch (policy.kind) {
      case 'keep':
        return value;
      case 'password':
        return REDACTED;
      case 'personal':
        return personal(policy.label, value);
      case 'complex':
        return complex(policy, value);
    }
  };

  /** A complex value (or a list of them); a scalar in its place is its `value` sub-attribute, as coerce.ts reads it. */
  const complex = (policy: Extract<Policy, { kind: 'complex' }>, value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item) => complex(policy, item));
    if (!isPlainObject(value)) return apply(subPolicy(policy, 'value'), value);
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value)) out[name] = apply(subPolicy(policy, name), inner);
    return out;
  };

  const entry = (entry: JournalEntry): JournalEntry => {
    const resourceType: ResourceTypeName = /^\/groups\b/i.test(entry.path) ? 'Group' : 'User';
    if (entry.body === undefined) return { ...entry };
    const body =
      entry.method === 'PATCH' ? patchBody(resourceType, entry.body) : resource(resourceType, entry.body);
    return { ...entry, body };
  };

  /** `schemas`: the URNs the connector knows are kept; anything else a client wrote there is pseudonymized. */
  const schemaList = (resourceType: ResourceTypeName, value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item) => schemaList(resourceType, item));
    if (typeof value !== 'string') return personal('attribute', value);
    const known =
      findSchema(resourceType, value.trim()) !== undefined ||
      value.trim().toLowerCase() === PATCH_OP_MESSAGE.toLowerCase();
    return known ? value : pseudonym('attribute', value);
  };

  /** A resource (POST, PUT) or a path-less value: each key read as the engine reads a path-less key. */
  const resource = (resourceType: ResourceTypeName, body: unknown, uri?: string): unknown => {
    if (!isPlainObject(body)) return personal('attribute', body);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      const meaning = interpretPathlessKey(resourceType, key, uri);
      if (meaning.kind === 'schemas') out[key] = schemaList(resourceType, value);
      else if (meaning.kind === 'schema')
        out[key] = resource(resourceType, value, meaning.extension ? meaning.schemaId : undefined);
      else if (meaning.kind === 'unknown') out[key] = personal('attribute', value);
      else {
        const { found } = meaning;
        const policy = policyOf(found.schema.id, found.attribute);
        out[key] = apply(found.sub ? subPolicy(policy, found.sub.name) : policy, value);
      }
    }
    return out;
  };

  const patchBody = (resourceType: ResourceTypeName, body: unknown): unknown => {
    let request: Record<string, unknown>;
    try {
      request = parsePatchBody(body);
    } catch {
      return personal('body', body);
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(request)) {
      const lower = key.toLowerCase();
      if (lower === 'schemas') out[key] = schemaList(resourceType, value);
      else if (lower === 'operations' && Array.isArray(value))
        out[key] = value.map((op) => operation(resourceType, op));
      else out[key] = personal('attribute', value);
    }
    return out;
  };

  /** One operation: the op name kept, the path's filter values and the value pseudonymized for what the path names. */
  const operation = (resourceType: ResourceTypeName, raw: unknown): unknown => {
    if (!isPlainObject(raw)) return personal('attribute', raw);
    let read: { path: string | undefined; value: Policy | 'resource'; uri?: string };
    try {
      const { pathText } = readOperation(raw);
      read = target(resourceType, pathText);
    } catch {
      // An operation the engine refuses (bad op, unparseable path): nothing in it is trusted.
      read = { path: undefined, value: UNKNOWN };
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      const lower = key.toLowerCase();
      if (lower === 'op')
        out[key] =
          typeof value === 'string' && OP_NAMES.has(value.trim().toLowerCase())
            ? value
            : personal('op', value);
      else if (lower === 'path')
        out[key] =
          read.path ?? (typeof value === 'string' && value.trim() === '' ? value : personal('path', value));
      else if (lower === 'value')
        out[key] =
          read.value === 'resource' ? resource(resourceType, value, read.uri) : apply(read.value, value);
      else out[key] = personal('attribute', value);
    }
    return out;
  };

  /** What a path names, and the path with the personal values of its value filter pseudonymized. */
  const target = (
    resourceType: ResourceTypeName,
    pathText: string | undefined,
  ): { path: string | undefined; value: Policy | 'resource'; uri?: string } => {
    if (pathText === undefined) return { path: undefined, value: 'resource' };
    const schema = findSchema(resourceType, pathText);
    if (schema !== undefined)
      return { path: pathText, value: 'resource', ...(schema.extension ? { uri: schema.schema.id } : {}) };
    const parsed = parsePatchPathText(pathText);
    const found = findAttribute(resourceType, {
      ...(parsed.path.uri ? { uri: parsed.path.uri } : {}),
      attr: parsed.path.attr,
    });
    if (found === undefined) {
      const filter = parsed.filter && scrubFilter(parsed.filter, UNKNOWN);
      return { path: filter ? printPatchPath({ ...parsed, filter }) : pathText, value: UNKNOWN };
    }
    const policy = policyOf(found.schema.id, found.attribute);
    const subName = parsed.path.sub ?? parsed.sub;
    const value = subName === undefined ? policy : subPolicy(policy, subName);
    if (parsed.filter === undefined) return { path: pathText, value };
    const filter = scrubFilter(parsed.filter, policy);
    const changed = JSON.stringify(filter) !== JSON.stringify(parsed.filter);
    return { path: changed ? printPatchPath({ ...parsed, filter } satisfies PatchPath) : pathText, value };
  };

  /** A value filter's compared values, each treated as the sub-attribute it compares (`type eq "work"` is a label). */
  const scrubFilter = (filter: Filter, policy: Policy): Filter => {
    switch (filter.kind) {
      case 'and':
      case 'or':
        return {
          ...filter,
          left: scrubFilter(filter.left, policy),
          right: scrubFilter(filter.right, policy),
        };
      case 'not':
        return { ...filter, filter: scrubFilter(filter.filter, policy) };
      case 'present':
        return filter;
      case 'valuePath':
        return { ...filter, filter: scrubFilter(filter.filter, UNKNOWN) };
      case 'compare': {
        const compared = filter.path.sub === undefined ? subPolicy(policy, filter.path.attr) : UNKNOWN;
        if (compared.kind === 'keep' || typeof filter.value === 'boolean' || filter.value === null)
          return filter;
        const label =
          compared.kind === 'password' ? 'password' : 'label' in compared ? compared.label : 'attribute';
        const value = compared.kind === 'password' ? REDACTED : pseudonym(label, String(filter.value));
        return { ...filter, value };
      }
    }
  };

  return { entry, userName: (userName) => pseudonym('username', userName) };
}

/** The policy of a top-level attribute of `schemaId`. */
function policyOf(schemaId: string, attribute: AttributeDefinition): Policy {
  const name = attribute.name.toLowerCase();
  if (name === 'password') return { kind: 'password' };
  const kept = KEPT.get(`${schemaId}#${name}`);
  if (kept !== undefined && 'whole' in kept) return KEEP;
  if (attribute.type === 'complex') {
    const labels = attribute.multiValued ? LABELS : [];
    return { kind: 'complex', attribute, label: name, kept: [...labels, ...(kept?.subs ?? [])] };
  }
  return { kind: 'personal', label: name };
}

/** The policy of one sub-attribute (any case) of what `policy` covers. */
function subPolicy(policy: Policy, name: string): Policy {
  if (policy.kind !== 'complex') return policy;
  const sub = findNamed(policy.attribute.subAttributes, name);
  if (sub === undefined) return UNKNOWN;
  const lower = sub.name.toLowerCase();
  if (policy.kept.includes(lower)) return KEEP;
  // A member's `display` and a manager's `displayName` name a user: pseudonymized as that user's displayName.
  if (REFERENCE_DISPLAY.has(lower) && (policy.label === 'members' || policy.label === 'manager'))
    return { kind: 'personal', label: 'displayname' };
  return { kind: 'personal', label: policy.label };
}

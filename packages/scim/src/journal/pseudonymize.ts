/**
 * Journal exports without personal data (docs/rules.md, "Committing a journal: pseudonymized"). Every personal
 * attribute of a user — userName, externalId, name, displayName, nickName, e-mails, phone numbers, addresses, ims,
 * photos, profileUrl, x509 certificates, the enterprise employeeNumber and manager's displayName, a member's
 * `display` — is replaced by a keyed HMAC-SHA256 pseudonym. What governance decides on is kept: ids (resource ids,
 * member values, the manager's id), roles, entitlements, groups (a group's displayName and externalId are what
 * group-roles.json maps, RFC 7643 §4.2), active, userType, title, department and the rest of the enterprise
 * extension. So a pseudonymized log replays to the same decisions as the raw one.
 *
 * Why keyed: a plain hash of an e-mail address is reversed by hashing a staff list; an HMAC is not without the key.
 * The same value gives the same pseudonym under one key, so a userName, its e-mails and the users a PATCH names stay
 * linked. userNames and e-mails are compared case-insensitively by the service (RFC 7643 §4.1.1), so they are
 * folded before the HMAC: two spellings of one name stay one user.
 */
import { createHmac } from 'node:crypto';
import type { JournalEntry } from '../store/port.ts';

/** Attributes (lower-case) replaced wholesale: every string inside them becomes a pseudonym. */
const PERSONAL = new Set([
  'username',
  'externalid',
  'name',
  'displayname',
  'nickname',
  'profileurl',
  'emails',
  'phonenumbers',
  'addresses',
  'ims',
  'photos',
  'x509certificates',
  'password',
  'employeenumber',
]);
/** Compared case-insensitively by the SCIM service, so folded before the HMAC. */
const FOLDED = new Set(['username', 'emails']);
/** Inside a multi-valued attribute, these sub-attributes are labels, not personal values. */
const LABELS = new Set(['type', 'primary']);
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user';

export interface Pseudonymizer {
  /** The entry with its personal data replaced. */
  entry(entry: JournalEntry): JournalEntry;
  /** The pseudonym a userName gets (for references to it, such as a hand-written log's `${users.<userName>}`). */
  userName(userName: string): string;
}

export function createPseudonymizer(key: Uint8Array): Pseudonymizer {
  if (key.length < 16) throw new Error('a pseudonymization key needs at least 16 bytes');
  const digest = (attribute: string, value: string) =>
    createHmac('sha256', key).update(`${attribute}\u0000${value}`).digest('hex').slice(0, 16);
  const pseudonym = (attribute: string, value: string): string => {
    const folded = FOLDED.has(attribute) ? value.toLowerCase() : value;
    // userNames are usually e-mail addresses: keep them shaped like one, in a domain that cannot be real (RFC 2606).
    const hash = digest(FOLDED.has(attribute) ? 'email' : attribute, folded);
    if (attribute === 'emails' || (attribute === 'username' && value.includes('@')))
      return `user-${hash}@example.invalid`;
    if (attribute === 'phonenumbers') return `+1555${BigInt(`0x${hash}`).toString().slice(0, 7)}`;
    return `${attribute}-${hash}`;
  };
  const replaceAll = (attribute: string, value: unknown): unknown => {
    if (typeof value === 'string') return pseudonym(attribute, value);
    if (Array.isArray(value)) return value.map((item) => replaceAll(attribute, item));
    if (isObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(value)) {
        out[name] = LABELS.has(name.toLowerCase()) ? inner : replaceAll(attribute, inner);
      }
      return out;
    }
    return value;
  };
  /** A user's or group's attributes: personal ones replaced, members' and the manager's display names too. */
  const resource = (body: unknown, isGroup: boolean): unknown => {
    if (!isObject(body)) return body;
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(body)) out[name] = attribute(name, value, isGroup);
    return out;
  };
  const attribute = (name: string, value: unknown, isGroup: boolean): unknown => {
    const lower = name.toLowerCase();
    if (lower === ENTERPRISE) return enterprise(value);
    if (lower === 'members') return members(value);
    // A group's displayName and externalId are how rules name it: kept.
    if (isGroup && (lower === 'displayname' || lower === 'externalid')) return value;
    return PERSONAL.has(lower) ? replaceAll(lower, value) : value;
  };
  const members = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map((member) =>
          isObject(member) && typeof member.display === 'string'
            ? { ...member, display: pseudonym('displayname', member.display) }
            : member,
        )
      : value;
  const enterprise = (value: unknown): unknown => {
    if (!isObject(value)) return value;
    const out: Record<string, unknown> = { ...value };
    for (const [name, inner] of Object.entries(value)) {
      const lower = name.toLowerCase();
      if (lower === 'employeenumber') out[name] = replaceAll(lower, inner);
      if (lower === 'manager' && isObject(inner) && typeof inner.displayName === 'string') {
        out[name] = { ...inner, displayName: pseudonym('displayname', inner.displayName) };
      }
    }
    return out;
  };
  /** A PATCH operation: its value is an attribute's (with a path) or a set of attributes (without). */
  const operation = (op: unknown, isGroup: boolean): unknown => {
    if (!isObject(op)) return op;
    if (typeof op.path !== 'string' || op.path === '') return { ...op, value: resource(op.value, isGroup) };
    const extension = enterpriseAttribute(op.path);
    if (extension !== undefined) {
      if (/\.displayname$/i.test(op.path) && typeof op.value === 'string')
        return { ...op, value: pseudonym('displayname', op.value) };
      // `urn:...:enterprise:2.0:User:manager` targets one attribute of the extension: wrap it as the extension.
      const wrapped = enterprise({ [extension]: op.value });
      return { ...op, value: isObject(wrapped) ? wrapped[extension] : op.value };
    }
    const target = patchTarget(op.path);
    const value = attribute(target, op.value, isGroup);
    return { ...op, path: pseudonymizeFilter(op.path, target, pseudonym), value };
  };

  const entry = (entry: JournalEntry): JournalEntry => {
    const isGroup = /^\/groups\b/i.test(entry.path);
    if (entry.body === undefined) return { ...entry };
    const body = entry.body;
    let replaced: unknown;
    if (entry.method === 'PATCH' && isObject(body) && Array.isArray(body.Operations)) {
      replaced = { ...body, Operations: body.Operations.map((op) => operation(op, isGroup)) };
    } else {
      replaced = resource(body, isGroup);
    }
    return { ...entry, body: replaced };
  };
  return { entry, userName: (userName) => pseudonym('username', userName) };
}

/** The enterprise extension's attribute a PATCH path names (`manager` in `urn:...:User:manager.value`), if any. */
function enterpriseAttribute(path: string): string | undefined {
  if (!path.toLowerCase().startsWith(`${ENTERPRISE}:`)) return undefined;
  return /^[A-Za-z]\w*/.exec(path.slice(ENTERPRISE.length + 1))?.[0];
}

/** The attribute a PATCH path names, lower-case: `emails[type eq "work"].value` -> `emails`; a URN prefix dropped. */
function patchTarget(path: string): string {
  let rest = path;
  if (rest.toLowerCase().startsWith(`${ENTERPRISE}:`)) return ENTERPRISE;
  if (rest.toLowerCase().startsWith('urn:')) rest = rest.slice(rest.lastIndexOf(':') + 1);
  return (/^[A-Za-z$][\w$-]*/.exec(rest)?.[0] ?? rest).toLowerCase();
}

/**
 * A value filter inside a PATCH path of a personal attribute (`emails[value eq "bob@example.com"]`) names a personal
 * value too: its quoted strings are replaced. Other filters (`type eq "work"`) are labels and stay.
 */
function pseudonymizeFilter(
  path: string,
  target: string,
  pseudonym: (attribute: string, value: string) => string,
): string {
  if (!PERSONAL.has(target)) return path;
  return path.replace(/\b(value|formatted|display)(\s+\w+\s+)"((?:[^"\\]|\\.)*)"/gi, (_, name, op, value) => {
    return `${name}${op}"${pseudonym(target, value)}"`;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Placeholders of hand-written logs (docs/rules.md, Sync-event logs): `${users.<userName>}` and
 * `${groups.<displayName>}` stand for the id the replay assigned to a resource created earlier in the same log,
 * anywhere in a path or a string value. A placeholder that names nothing known is bad input; so is one of an unknown
 * kind (a likely typo such as `${user.x}`, which would otherwise reach the SCIM service as a literal id).
 */

export interface PlaceholderLookup {
  userId(userName: string): string | undefined;
  groupId(displayName: string): string | undefined;
}

export class UnresolvedPlaceholder extends Error {
  constructor(
    /** The placeholder as written, e.g. `${users.bob@example.com}`. */
    readonly placeholder: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnresolvedPlaceholder';
  }
}

const PLACEHOLDER = /\$\{([A-Za-z_]+)\.([^}]*)\}/g;

export function substitutePath(path: string, lookup: PlaceholderLookup): string {
  return substitute(path, lookup, encodeURIComponent);
}

/** A copy of `value` with every placeholder in its strings substituted; unchanged parts are shared. */
export function substituteBody(value: unknown, lookup: PlaceholderLookup): unknown {
  if (typeof value === 'string') return substitute(value, lookup, (id) => id);
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const next = substituteBody(item, lookup);
      changed ||= next !== item;
      return next;
    });
    return changed ? items : value;
  }
  if (typeof value === 'object' && value !== null) {
    let changed = false;
    const entries = Object.entries(value).map(([key, inner]) => {
      const next = substituteBody(inner, lookup);
      changed ||= next !== inner;
      return [key, next] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

/** What each placeholder kind stands for: the lookup, and what the name is called in a message. */
const KINDS = {
  users: {
    find: (lookup: PlaceholderLookup, name: string) => lookup.userId(name),
    what: 'user with userName',
    how: 'POST /Users',
  },
  groups: {
    find: (lookup: PlaceholderLookup, name: string) => lookup.groupId(name),
    what: 'group with displayName',
    how: 'POST /Groups',
  },
} as const;

function substitute(text: string, lookup: PlaceholderLookup, encode: (id: string) => string): string {
  if (!text.includes('${')) return text;
  return text.replace(PLACEHOLDER, (placeholder, kind: string, name: string) => {
    const known = kind === 'users' || kind === 'groups' ? KINDS[kind] : undefined;
    if (known === undefined) {
      throw new UnresolvedPlaceholder(
        placeholder,
        `unknown placeholder ${placeholder}: use \${users.<userName>} or \${groups.<displayName>}`,
      );
    }
    const id = known.find(lookup, name);
    if (id === undefined) {
      throw new UnresolvedPlaceholder(
        placeholder,
        `${placeholder} does not resolve: no ${known.what} "${name}" exists at this point of the log ` +
          `(create it with a ${known.how} earlier in the log, or check the spelling)`,
      );
    }
    return encode(id);
  });
}

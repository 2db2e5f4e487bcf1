/**
 * The SCIM filter AST (RFC 7644 section 3.4.2.2). One parse serves several visitors: the in-memory predicate,
 * the store's SQL translation and the printer. Attribute names are kept as the client wrote them; every consumer
 * compares them case-insensitively (RFC 7643 section 2.1).
 */

/** An attribute reference: `[uri:]attr[.sub]`, e.g. `emails.value` or `urn:...:enterprise:2.0:User:manager.value`. */
export interface AttrPath {
  /** The schema URI when the client qualified the name, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`. */
  uri?: string;
  attr: string;
  sub?: string;
}

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterValue = string | number | boolean | null;

export type Filter =
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: FilterValue }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and'; left: Filter; right: Filter }
  | { kind: 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /**
   * `emails[type eq "work" and primary eq true]`: `path` names the multi-valued attribute (no `sub`), `filter`
   * is evaluated against each element, with paths relative to the element. When the value path is followed by
   * a sub-attribute comparison (`emails[type eq "work"].value eq "x"`) the parser produces a valuePath whose
   * inner filter is the conjunction of both, which is what the RFC means by it.
   */
  | { kind: 'valuePath'; path: AttrPath; filter: Filter };

/** The node kinds by name, so visitors and helpers can type one node without repeating its shape. */
export type CompareFilter = Extract<Filter, { kind: 'compare' }>;
export type PresentFilter = Extract<Filter, { kind: 'present' }>;
export type AndFilter = Extract<Filter, { kind: 'and' }>;
export type OrFilter = Extract<Filter, { kind: 'or' }>;
export type NotFilter = Extract<Filter, { kind: 'not' }>;
export type ValuePathFilter = Extract<Filter, { kind: 'valuePath' }>;

/**
 * A PATCH operation's `path` (RFC 7644 section 3.5.2): `attrPath / valuePath [subAttr]`.
 * `members` -> `{path: {attr: 'members'}}`; `emails[type eq "work"].value` ->
 * `{path: {attr: 'emails'}, filter: <type eq "work">, sub: 'value'}`. `filter` paths are relative to one element
 * of the multi-valued attribute, so `compileFilter(filter)` can be applied to each element directly.
 */
export interface PatchPath {
  path: AttrPath;
  filter?: Filter;
  /** The sub-attribute after a value filter; only present together with `filter`. */
  sub?: string;
}

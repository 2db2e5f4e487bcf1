/**
 * The public types of the governance package: the loaded rules, what `decide` reads and what it returns.
 * Everything here is plain JSON-compatible data, so decisions can be stored, logged and printed as they are.
 */
import type { ContextType, RoleRef } from '@scim-connector/role-grammar';

// ---------------------------------------------------------------------------------------------- the rules

export interface GovernanceOptions {
  /** Check that each role's context exists on the platform (docs/architecture.md §5.1). Default true. */
  checkContexts: boolean;
  /** Fact `options.adoptExistingAccounts` for rules; the default rules then allow taking over foreign accounts. */
  adoptExistingAccounts: boolean;
  /**
   * A group whose displayName is a role name in exact canonical spelling grants it (docs/rules.md, group-roles.json).
   * Default false: anyone who can name a group in the IdP could otherwise grant a role.
   */
  groupDisplayNamesAsRoles: boolean;
  /** Where logical-role mappings come from. Default `file` (role-mappings.json). */
  roleMappingsSource: 'file' | 'platform-setting';
}

/** The outcomes a decision can have; their events compete: deactivate > block > create / update / none. */
export type OutcomeEventType = 'deactivate' | 'block' | 'create' | 'update' | 'none';

/**
 * `revoke` is not an outcome: it competes with nothing and goes through beside any of them, so a block withholds
 * grants but never a revocation (docs/rules.md, How a decision is made).
 */
export type EventType = OutcomeEventType | 'revoke';

/** The facts a rule may test (docs/rules.md, Facts). */
export type FactName = 'trigger' | 'user' | 'platform' | 'roles' | 'options' | 'drift';

/** A json-rules-engine condition as written in governance.json. */
export type RuleCondition =
  | { all: RuleCondition[]; name?: string; priority?: number }
  | { any: RuleCondition[]; name?: string; priority?: number }
  | { not: RuleCondition; name?: string; priority?: number }
  | FactCondition;

export interface FactCondition {
  fact: FactName;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
  name?: string;
  priority?: number;
}

export interface GovernanceRule {
  name: string;
  description?: string;
  priority?: number;
  conditions: RuleCondition;
  event: { type: EventType; params?: { reason?: string; message?: string; [key: string]: unknown } };
}

export interface RoleMappingRule {
  condition: { type: 'HAS_APP_ROLE'; appRole: string };
  action: { type: 'MAPPING_ROLE_ASSIGNMENT'; sourceAppRole: string; targetRoles: string[] };
}

/** Logical role id -> platform role ids, in the platform's pipeline-config format. */
export interface RoleMappings {
  rules: RoleMappingRule[];
  /** The same rules indexed by logical role id (case-sensitive, as role ids keep their case). */
  targets: ReadonlyMap<string, readonly string[]>;
}

export interface GroupRolesEntry {
  displayName?: string;
  externalId?: string;
  roles: string[];
}

/** Where a role came from, as a privileged-role policy names it (docs/rules.md, privilegedRoles). */
export type RoleSourceKind = 'direct' | 'group-roles' | 'group-name' | 'group-extension' | 'logical-mapping';

/** A privileged-role policy: which roles it covers (exact or with `*`) and the sources they may come from. */
export interface PrivilegedRolePolicy {
  description?: string;
  match: { contextType?: ContextType | '*'; contextId?: string; role?: string };
  allowedSources: RoleSourceKind[];
}

/**
 * The platform user type governance decides (docs/rules.md, userTypes); structurally the platform package's
 * PlatformUserType. RETAILER and LOCATION carry the context they belong to.
 */
export type UserType =
  | { type: 'ADMIN' }
  | { type: 'RETAILER'; primaryRetailer: string }
  | { type: 'LOCATION'; primaryLocation: string };

export type UserTypeName = UserType['type'];

/**
 * One entry of governance.json `userTypes`, tried in order; the first that applies decides. `roles`: the type when
 * any effective role matches (RETAILER needs RETAILER-context roles and LOCATION AGENT-context ones, whose lowest
 * context id becomes the primary context). `idp`: the IdP's SCIM `userType`, when it names a type the user's roles
 * can support; an explicit opt-in, never the default.
 */
export type UserTypeRule =
  | {
      from: 'roles';
      description?: string;
      match: { contextType?: ContextType | '*'; contextId?: string; role?: string };
      type: UserTypeName;
    }
  | { from: 'idp'; description?: string };

/** A fully validated rules folder. Never partially loaded: `loadRules` returns this or a list of problems. */
export interface RuleSet {
  options: GovernanceOptions;
  rules: GovernanceRule[];
  /** Privileged roles and the sources each may come from; a role from another source is `source-not-allowed`. */
  privilegedRoles: PrivilegedRolePolicy[];
  /** How the platform user type follows from the effective roles; DEFAULT_USER_TYPES when governance.json has none. */
  userTypes: UserTypeRule[];
  roleMappings: RoleMappings;
  groupRoles: GroupRolesEntry[];
}

/** One thing wrong in a rules folder, placed so an editor can jump to it. */
export interface RuleProblem {
  /** The file as found: the folder given to `loadRules` joined with the file name. */
  file: string;
  /** JSON pointer of the offending value (`''` for the whole document). */
  pointer: string;
  /** 1-based line and column of the value (or of the key, for an unknown property). */
  line: number;
  column: number;
  message: string;
}

/** What `scim-rules validate` checks beyond loading (docs/rules.md, Reviewing rules). */
export type ReviewCheck =
  | 'never-fires'
  | 'never-decides'
  | 'no-revoke-rule'
  | 'logical-role-shadows'
  | 'unknown-role'
  | 'unknown-context'
  | 'policy-matches-nothing'
  | 'no-catalogue';

/** An error fails validate (exit 2); a warning is reported and the folder still counts as valid. */
export type ReviewSeverity = 'error' | 'warning';

export interface ReviewProblem extends RuleProblem {
  severity: ReviewSeverity;
  check: ReviewCheck;
}

/** The platform's catalogue as validate checks rules against it (a platform fixture given with `--catalog`). */
export interface RuleCatalogue {
  /** Where it came from, named in messages. */
  source: string;
  /** The platform's role ids; undefined when the catalogue does not list them (then they are not checked). */
  roles?: readonly string[];
  /** Context ids by type; a type left out is not checked. */
  contexts: Partial<Record<ContextType, readonly string[]>>;
}

export type LoadRulesResult = { ok: true; rules: RuleSet } | { ok: false; problems: RuleProblem[] };

// -------------------------------------------------------------------------------------- decision input

export type Trigger =
  | 'user.created'
  | 'user.updated'
  | 'user.deactivated'
  | 'user.deleted'
  | 'membership.changed'
  | 'group.changed'
  | 'group.deleted'
  | 'rules.changed'
  | 'resync'
  /** Reconciliation found the platform account differs from the decision (enforce mode re-applies it). */
  | 'drift'
  // Actions taken in the compliance console (issue 12), audited with the console as their origin.
  | 'console.retry'
  | 'console.resync'
  /** A rules impact preview started in the console: audited, never a decision's trigger. */
  | 'console.preview';

export type PlatformStatus = 'ACTIVE' | 'INACTIVE';

export interface UserGroup {
  id: string;
  displayName: string;
  externalId?: string;
  /** The group's `roles` extension attribute, when the IdP sends one (remembered per group). */
  roles?: string[];
}

export interface DirectoryUser {
  id: string;
  userName: string;
  active: boolean;
  deleted: boolean;
  /** The user's SCIM `roles[].value`. */
  directRoles: string[];
  groups: UserGroup[];
  /** The SCIM resource, for custom admin rules (fact `user`, path `$.attributes...`). */
  attributes?: Record<string, unknown>;
}

export interface PlatformState {
  exists: boolean;
  /** The connector created (or adopted) this account. */
  linked: boolean;
  status?: PlatformStatus;
  roles: RoleRef[];
  /** The account's user type; undefined when it has none the connector decides (or no account). */
  userType?: UserType;
  /**
   * Whether the platform's profile already matches the directory, when the caller compared them. Unknown
   * (undefined) means: push the profile on triggers that change it (user.created, user.updated, resync).
   */
  profileInSync?: boolean;
}

export interface DecisionInput {
  trigger: Trigger;
  user: DirectoryUser;
  platform: PlatformState;
}

/** What governance needs from the platform (docs/architecture.md §5.1); structurally the platform package's catalog. */
export interface PlatformCatalog {
  hasRole(role: string): Promise<boolean>;
  hasContext(contextType: ContextType, contextId: string): Promise<boolean>;
}

// ------------------------------------------------------------------------------------- decision output

export type Outcome = OutcomeEventType;

/**
 * What an audit entry records: a decision's outcome, or an event that is not a decision: the sync engine gave up
 * on a user until an admin retries (`parked`), reconciliation found an account that differs from the last
 * decision (`drift-found`), or the worker saw such a difference just before a push (`drift-seen`).
 */
export type AuditOutcome = Outcome | 'parked' | 'drift-found' | 'drift-seen';

export interface GroupRef {
  id: string;
  displayName: string;
}

/** How a group grants a role: its name is a role name, group-roles.json maps it, or its `roles` extension. */
export type GroupRoleVia = 'displayName' | 'group-roles' | 'extension';

export interface MappingSource {
  /** The logical role id that role-mappings expanded into this role. */
  logicalRole: string;
}

export type RoleSource =
  | { type: 'direct'; name: string; mapping?: MappingSource }
  | { type: 'group'; name: string; group: GroupRef; via: GroupRoleVia; mapping?: MappingSource };

export interface EffectiveRole {
  /** Canonical role name, e.g. `AGENT_134_STORE`. */
  name: string;
  ref: RoleRef;
  /** Every source granting it; the role stays while any source remains. */
  sources: RoleSource[];
}

export type UnresolvedReason = 'parse-error' | 'unknown-role' | 'unknown-context' | 'source-not-allowed';

export interface UnresolvedRole {
  /** The role name as the IdP or the rules gave it. */
  name: string;
  source: 'direct' | 'group';
  group?: GroupRef;
  via?: GroupRoleVia;
  reason: UnresolvedReason;
  message: string;
  /** For unknown-role / unknown-context: the canonical role that failed (a mapping target for logical roles). */
  role?: string;
}

/** Exactly what to do on the platform; an outcome whose changes are all empty needs no platform call. */
export interface PlatformChanges {
  createAccount: boolean;
  /** The status to set; null leaves it unchanged. */
  status: PlatformStatus | null;
  addRoles: RoleRef[];
  removeRoles: RoleRef[];
  updateProfile: boolean;
  /** The user type to create the account with, or to change it to; null leaves it unchanged. */
  userType: UserType | null;
}

/** The facts json-rules-engine evaluates (docs/rules.md, Facts), as given to the rules. */
export interface DecisionFacts {
  trigger: Trigger;
  user: {
    id: string;
    userName: string;
    active: boolean;
    deleted: boolean;
    groups: string[];
    attributes: Record<string, unknown>;
  };
  platform: { exists: boolean; linked: boolean; status: PlatformStatus | null };
  roles: {
    direct: string[];
    inherited: string[];
    effective: string[];
    unresolved: { name: string; source: 'direct' | 'group'; reason: UnresolvedReason }[];
    count: number;
    unresolvedCount: number;
    contextTypes: ContextType[];
  };
  options: { checkContexts: boolean; adoptExistingAccounts: boolean; groupDisplayNamesAsRoles: boolean };
  /** How an existing account differs from the directory (all zero/false when there is no account). */
  drift: {
    addRoles: number;
    removeRoles: number;
    status: boolean;
    profile: boolean;
    /** The account's user type differs from the decided one. */
    userType: boolean;
    any: boolean;
  };
}

/** A condition as evaluated: what the fact held and whether the comparison passed. */
export type ConditionTrace =
  | { all: ConditionTrace[]; result: boolean }
  | { any: ConditionTrace[]; result: boolean }
  | { not: ConditionTrace; result: boolean }
  | {
      fact: string;
      path?: string;
      operator: string;
      value: unknown;
      factResult: unknown;
      result: boolean;
    };

export interface FiredRule {
  name: string;
  priority: number;
  event: { type: EventType; params: Record<string, unknown> };
  conditions: ConditionTrace;
}

export interface Explanation {
  facts: DecisionFacts;
  /** Every rule whose conditions held, in rule-file order. */
  firedRules: readonly FiredRule[];
  /** The names of the rules whose events decided the outcome (empty when no rule fired). */
  decidedBy: string[];
}

/** What a block held back: the grants and changes the platform did not get. Empty when nothing was withheld. */
export interface WithheldChanges {
  createAccount: boolean;
  addRoles: RoleRef[];
  updateProfile: boolean;
  /** The status a grant would have set (ACTIVE); null when none was withheld. */
  status: PlatformStatus | null;
  /** The user type a create or update would have set; null when none was withheld. */
  userType: UserType | null;
}

/** The platform user type governance decided, and what decided it (docs/rules.md, userTypes). */
export interface UserTypeDecision {
  userType: UserType;
  /** Index of the governance.json `userTypes` entry that decided. */
  entry: number;
  from: UserTypeRule['from'];
  /** The effective role that decided it: for RETAILER / LOCATION the one whose context is the primary one. */
  role?: string;
  /** The IdP's `userType` as sent, when the entry takes the type from the IdP. */
  idpUserType?: string;
}

export interface Decision {
  outcome: Outcome;
  /** Reason codes of the deciding events, e.g. `no-roles`, `unresolved-role`, `not-new`, or an admin's own. */
  reasons: string[];
  /**
   * Reason codes of every block event that fired, whatever the outcome: a user deactivated for `no-roles` while a
   * role is unresolved still shows `unresolved-role`.
   */
  blockedReasons: string[];
  /** What the block withheld; `changes.removeRoles` is what was revoked beside it. */
  withheld: WithheldChanges;
  /** The platform user type the effective roles call for; null when no `userTypes` entry applies (no roles). */
  userType: UserTypeDecision | null;
  effectiveRoles: EffectiveRole[];
  unresolved: UnresolvedRole[];
  changes: PlatformChanges;
  explanation: Explanation;
}

/**
 * Migration 0009: who holds which role, and since when, each answered from an index (docs/admin-api.md,
 * `role` filter and the access report's `grantedAt`):
 * - `user_roles`: one row per user and role the user holds on the platform (the roles the last push left on the
 *   linked account) or in its effective roles (what governance granted at the last decision), keyed by role;
 * - `role_grants`: per user and role, the audit entry that last added the role to the platform account (an
 *   applied change whose `addRoles` names it), dropped when an applied change removes the role.
 *
 * Both are kept by triggers, so every write of a link or an audit entry (saveLink, recordSync, in one statement
 * on PostgreSQL) keeps them in the same commit, and no write path can forget them. The store never reads the
 * link's state otherwise: the triggers read the two fields the sync engine's LinkState documents for this
 * (`link.roles` of a `linked` link, `lastDecision.effectiveRoles`), and the audit's `changes` as AuditedChanges
 * writes them (`applied`, `addRoles`, `removeRoles`). A field missing or of another type adds nothing.
 *
 * Existing rows: every link is rewritten to itself once (the trigger fills `user_roles`; links written before
 * effective roles were recorded match by their platform roles until their next sync), and `role_grants` is
 * filled from the whole audit log: for each user and role, the newest applied entry that adds or removes it.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';

export function userRolesMigration(dialect: DialectName): Migration {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>) {
      await sql`create table user_roles (user_id ${text} not null, role ${text} not null,
        on_platform integer not null, granted integer not null, primary key (user_id, role))`.execute(db);
      await sql`create index user_roles_role on user_roles (role, user_id)`.execute(db);
      await sql`create table role_grants (user_id ${text} not null, role ${text} not null,
        granted_at ${text} not null, audit_seq integer not null, primary key (user_id, role))`.execute(db);
      if (dialect === 'postgres') await postgresTriggers(db);
      else await sqliteTriggers(db);
      // The link trigger fills user_roles from every existing link.
      await sql`update platform_links set state = state`.execute(db);
      await (dialect === 'postgres' ? postgresGrantBackfill(db) : sqliteGrantBackfill(db));
    },
  };
}

// ------------------------------------------------------------------------------------------------ SQLite

/** The roles of `new.state`: platform roles of a linked account (on_platform), effective roles (granted). */
const SQLITE_ROLES_OF_NEW = sql`
  insert into user_roles (user_id, role, on_platform, granted)
  select new.user_id, role, max(on_platform), max(granted) from (
    select value as role, 1 as on_platform, 0 as granted from json_each(new.state, '$.link.roles')
      where json_extract(new.state, '$.link.kind') = 'linked' and json_type(new.state, '$.link.roles') = 'array'
        and type = 'text'
    union all
    select value, 0, 1 from json_each(new.state, '$.lastDecision.effectiveRoles')
      where json_type(new.state, '$.lastDecision.effectiveRoles') = 'array' and type = 'text'
  ) where true group by role;`;

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create trigger platform_links_roles_insert after insert on platform_links begin
    ${SQLITE_ROLES_OF_NEW}
  end`.execute(db);
  await sql`create trigger platform_links_roles_update after update of state on platform_links begin
    delete from user_roles where user_id = old.user_id;
    ${SQLITE_ROLES_OF_NEW}
  end`.execute(db);
  await sql`create trigger platform_links_roles_delete after delete on platform_links begin
    delete from user_roles where user_id = old.user_id;
  end`.execute(db);
  await sql`create trigger audit_log_role_grants after insert on audit_log
    when json_valid(new.changes) and json_extract(new.changes, '$.applied') = 1 begin
    delete from role_grants where user_id = new.user_id and role in (
      select value from json_each(new.changes, '$.removeRoles')
        where json_type(new.changes, '$.removeRoles') = 'array' and type = 'text');
    insert into role_grants (user_id, role, granted_at, audit_seq)
      select new.user_id, value, new.at, new.seq from json_each(new.changes, '$.addRoles')
        where json_type(new.changes, '$.addRoles') = 'array' and type = 'text'
      on conflict (user_id, role) do update set granted_at = excluded.granted_at, audit_seq = excluded.audit_seq;
  end`.execute(db);
}

/** The roles an applied audit entry names in `field` (addRoles or removeRoles), with `added` 1 or 0. */
function sqliteChangedRoles(field: 'addRoles' | 'removeRoles') {
  return sql.raw(`select a.user_id, r.value as role, a.at, a.seq, ${field === 'addRoles' ? 1 : 0} as added
    from audit_log a, json_each(a.changes, '$.${field}') r
    where json_extract(a.changes, '$.applied') = 1 and r.type = 'text'`);
}

async function sqliteGrantBackfill(db: Kysely<unknown>): Promise<void> {
  await sql`insert into role_grants (user_id, role, granted_at, audit_seq)
    select user_id, role, at, seq from (
      select user_id, role, at, seq, added,
        row_number() over (partition by user_id, role order by seq desc) as newest
      from (${sqliteChangedRoles('addRoles')} union all ${sqliteChangedRoles('removeRoles')})
    ) where newest = 1 and added = 1`.execute(db);
}

// -------------------------------------------------------------------------------------------- PostgreSQL

/**
 * The strings of the JSON array at `path` of `doc`, as a set-returning expression (one `text` column `r`):
 * nothing when the field is missing or not an array, and no element that is not a string.
 */
function pgStrings(doc: string, path: string) {
  return sql.raw(
    `(select e #>> '{}' as r from jsonb_array_elements(case when jsonb_typeof(${doc} #> '${path}') = 'array' ` +
      `then ${doc} #> '${path}' else '[]'::jsonb end) e where jsonb_typeof(e) = 'string')`,
  );
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create function platform_links_user_roles() returns trigger language plpgsql as $$
    declare doc jsonb;
    begin
      if tg_op <> 'INSERT' then delete from user_roles where user_id = old.user_id; end if;
      if tg_op = 'DELETE' then return null; end if;
      doc := new.state::jsonb;
      insert into user_roles (user_id, role, on_platform, granted)
        select new.user_id, role, max(on_platform), max(granted) from (
          select r as role, 1 as on_platform, 0 as granted from ${pgStrings('doc', '{link,roles}')} p
            where doc #>> '{link,kind}' = 'linked'
          union all
          select r, 0, 1 from ${pgStrings('doc', '{lastDecision,effectiveRoles}')} g
        ) roles group by role;
      return null;
    end $$`.execute(db);
  await sql`create trigger platform_links_user_roles after insert or update of state or delete on platform_links
    for each row execute function platform_links_user_roles()`.execute(db);
  await sql`create function audit_log_role_grants() returns trigger language plpgsql as $$
    declare doc jsonb;
    begin
      doc := new.changes::jsonb;
      if jsonb_typeof(doc) <> 'object' or (doc ->> 'applied') is distinct from 'true' then return null; end if;
      delete from role_grants where user_id = new.user_id
        and role in (select r from ${pgStrings('doc', '{removeRoles}')} removed);
      insert into role_grants (user_id, role, granted_at, audit_seq)
        select new.user_id, r, new.at, new.seq from ${pgStrings('doc', '{addRoles}')} added
        on conflict (user_id, role) do update set granted_at = excluded.granted_at, audit_seq = excluded.audit_seq;
      return null;
    end $$`.execute(db);
  await sql`create trigger audit_log_role_grants after insert on audit_log
    for each row execute function audit_log_role_grants()`.execute(db);
}

/** The roles an applied audit entry names in `field` (addRoles or removeRoles), with `added` 1 or 0. */
function postgresChangedRoles(field: 'addRoles' | 'removeRoles') {
  return sql`select a.user_id, r as role, a.at, a.seq, ${sql.raw(field === 'addRoles' ? '1' : '0')} as added
    from audit_log a cross join lateral ${pgStrings('a.changes::jsonb', `{${field}}`)} changed
    where (a.changes::jsonb ->> 'applied') = 'true'`;
}

async function postgresGrantBackfill(db: Kysely<unknown>): Promise<void> {
  await sql`insert into role_grants (user_id, role, granted_at, audit_seq)
    select user_id, role, at, seq from (
      select user_id, role, at, seq, added,
        row_number() over (partition by user_id, role order by seq desc) as newest
      from (${postgresChangedRoles('addRoles')} union all ${postgresChangedRoles('removeRoles')}) changed
    ) newest_change where newest = 1 and added = 1`.execute(db);
}

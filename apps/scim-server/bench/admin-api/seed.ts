/**
 * A large directory for the admin API benchmark, as `insert ... select` statements over a recursive counter
 * (the same SQL on SQLite and PostgreSQL): users `user<i>@example.com` ("User <i>", e-mail `mail<i>@corp.example`),
 * each in group `g<i mod groups>`; platform links with 1% blocked, 1% inactive, 2% never synced, the rest
 * active; 0.1% parked; three audit entries per user, one a second apart. Every user holds AGENT_134_STORE directly.
 * The profile attributes IdPs filter on (migration 0008's columns): title `Title <i mod 50>` (none for every
 * 20th user), name `Given<i mod 1000> Family<i>`, enterprise department `Dept <i mod 200>` and employeeNumber
 * `E<i>`.
 */
import type { BenchDatabaseKind } from '../bench-database.ts';

const AT = '2026-01-01T00:00:00.000Z';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** `0 .. count-1` as column `i`. */
const counter = (count: number) =>
  `with recursive n(i) as (select 0 union all select i + 1 from n where i < ${count - 1})`;

/** Text of an integer expression. */
const t = (expression: string) => `cast(${expression} as text)`;

export function seedStatements(options: {
  users: number;
  groups: number;
  dialect: BenchDatabaseKind;
}): string[] {
  const { users, groups } = options;
  const title = `case when i % 20 = 3 then null else 'Title ' || ${t('i % 50')} end`;
  const resource = `'{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","${ENTERPRISE}"],"userName":"user' || ${t('i')} || '@example.com","displayName":"User ' || ${t('i')} || '",' || coalesce('"title":"' || ${title} || '",', '') || '"name":{"givenName":"Given' || ${t('i % 1000')} || '","familyName":"Family' || ${t('i')} || '"},"active":true,"emails":[{"value":"mail' || ${t('i')} || '@corp.example","primary":true}],"roles":[{"value":"AGENT_134_STORE"}],"${ENTERPRISE}":{"department":"Dept ' || ${t('i % 200')} || '","employeeNumber":"E' || ${t('i')} || '"}}'`;
  // Monotone time per audit entry k: day, hour, minute, second from k (two digits each, all >= 10).
  const at = `'2026-01-' || ${t('10 + (i / 25000) % 19')} || 'T' || ${t('10 + (i / 2500) % 10')} || ':' || ${t('10 + (i / 50) % 50')} || ':' || ${t('10 + i % 50')} || '.000Z'`;
  const statements = [
    `${counter(users)} insert into users (id, user_name, user_name_folded, external_id, active, resource, version, created, last_modified, display_name_folded,
        title_folded, given_name_folded, family_name_folded, department_folded, employee_number_folded)
      select 'u' || ${t('i')}, 'user' || ${t('i')} || '@example.com', 'user' || ${t('i')} || '@example.com', null, 1, ${resource}, 1, '${AT}', '${AT}', 'user ' || ${t('i')},
        lower(${title}), 'given' || ${t('i % 1000')}, 'family' || ${t('i')}, 'dept ' || ${t('i % 200')}, 'e' || ${t('i')} from n`,
    `${counter(users)} insert into user_emails (user_id, position, value_folded, type_folded, is_primary)
      select 'u' || ${t('i')}, 0, 'mail' || ${t('i')} || '@corp.example', null, 1 from n`,
    `${counter(groups)} insert into groups (id, display_name, display_name_folded, external_id, resource, version, created, last_modified)
      select 'g' || ${t('i')}, 'Group ' || ${t('i')}, 'group ' || ${t('i')}, null, '{"displayName":"Group ' || ${t('i')} || '"}', 1, '${AT}', '${AT}' from n`,
    `${counter(users)} insert into memberships (group_id, member_id, member_type, display, position)
      select 'g' || ${t(`i % ${groups}`)}, 'u' || ${t('i')}, 'User', null, i / ${groups} from n`,
    `${counter(users)} insert into platform_links (user_id, state, last_synced_at, platform_status, blocked_reasons, decided_at)
      select 'u' || ${t('i')}, '{"link":{"kind":"absent"},"lastDecision":null}', '${AT}',
        case when i % 100 = 0 then 'ABSENT' when i % 100 = 1 then 'INACTIVE' else 'ACTIVE' end,
        case when i % 100 = 0 then '["unresolved-role"]' else null end, '${AT}'
      from n where i % 100 <> 2`,
    `${counter(users)} insert into sync_queue (user_id, generation, synced_generation, pending, queued_at, last_marked_at, attempts, not_before, last_error, lease_owner, lease_until, parked, parked_at)
      select 'u' || ${t('i')}, 1, 0, 1, '${AT}', '${AT}', 3, null, 'refused by the platform', null, null, 1, '${AT}' from n where i % 1000 = 5`,
    `${counter(users * 3)} insert into audit_log (user_id, trigger, outcome, reasons, changes, explanation, at)
      select 'u' || ${t('i / 3')},
        case i % 3 when 0 then 'user.created' when 1 then 'membership.changed' else 'resync' end,
        case when (i / 3) % 100 = 0 then 'block' when i % 3 = 0 then 'create' when i % 3 = 1 then 'update' else 'none' end,
        '[]', 'null', 'null', ${at} from n`,
  ];
  // Fresh statistics and (PostgreSQL) a visibility map, as autovacuum leaves a database that has run a while;
  // without it PostgreSQL cannot use index-only scans and reads the table instead.
  statements.push(options.dialect === 'postgres' ? 'vacuum analyze' : 'analyze');
  return statements;
}

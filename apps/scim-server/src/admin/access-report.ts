/**
 * The access review report (docs/admin-api.md): `GET /admin/reports/access.csv` and `.json`, one row per user and
 * role — who holds which role in which context, from which sources (direct, a group, a logical role), whether the
 * platform account has it as of the last push. It is what SOX and ISO 27001 user-access reviews ask for.
 *
 * When each role was granted comes from the audit log: the entry of the push that last added the role to the
 * platform account (kept per user and role by migration 0009). A role the connector never added (found on an
 * adopted account, or added before the audit recorded it) has none.
 *
 * It streams: users are read a page at a time in userName order and each page is written before the next is
 * read, so memory stays flat however large the directory; a slow reader pauses the reading (backpressure).
 */
import type { RoleSource } from '@scim-connector/governance';
import { parseRoleName } from '@scim-connector/role-grammar';
import type { AdminUserQuery, RoleGrant, Store } from '@scim-connector/store';
import type { SyncEngine, UserAccess } from '@scim-connector/sync';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import { parseQuery, sendInputError } from './admin-query.ts';
import { USER_LIST_PARAMS, userFilterQuery } from './user-list.ts';

const PAGE = 200;
/** The filters of `GET /admin/users`, without its paging: the report covers every matching user. */
const REPORT_PARAMS = {
  search: USER_LIST_PARAMS.search,
  status: USER_LIST_PARAMS.status,
  group: USER_LIST_PARAMS.group,
  role: USER_LIST_PARAMS.role,
};

export interface AccessRow {
  userName: string;
  displayName: string;
  idpActive: boolean;
  platformStatus: string;
  /** Canonical role name; empty on the one row of a user who holds no role at all. */
  role: string;
  contextType: string;
  contextId: string;
  /** Whether the platform account held the role after the last push. */
  onPlatform: boolean;
  /** Every source, e.g. `logical role Store_Manager <- group "Sydney Store Managers" (group-roles)`. */
  sources: string[];
  lastSyncedAt: string;
  /** When the connector last added the role to the platform account (its audit entry's time); null: unknown. */
  grantedAt: string | null;
  /** The sequence number of that audit entry (`GET /admin/audit`); null with grantedAt. */
  grantAuditSeq: number | null;
}

const CSV_HEADER: readonly (keyof AccessRow)[] = [
  'userName',
  'displayName',
  'idpActive',
  'platformStatus',
  'role',
  'contextType',
  'contextId',
  'onPlatform',
  'sources',
  'lastSyncedAt',
  'grantedAt',
  'grantAuditSeq',
];

export function accessReportRoutes(options: { store: Store; engine: SyncEngine; logger: Logger }): Router {
  const router = Router();
  router.get('/reports/access.csv', (req, res, next) => report(options, { req, res, next }, 'csv'));
  router.get('/reports/access.json', (req, res, next) => report(options, { req, res, next }, 'json'));
  return router;
}

async function report(
  { store, engine, logger }: { store: Store; engine: SyncEngine; logger: Logger },
  { req, res, next }: { req: Request; res: Response; next: NextFunction },
  format: 'csv' | 'json',
): Promise<void> {
  let query: Omit<AdminUserQuery, 'limit' | 'after' | 'before'>;
  try {
    query = await userFilterQuery(store, parseQuery(req.query, REPORT_PARAMS));
  } catch (error) {
    if (!sendInputError(res, error)) next(error);
    return;
  }
  let started = false;
  try {
    let after: AdminUserQuery['after'];
    for (;;) {
      const page = await store.listAdminUsers({ ...query, limit: PAGE, ...(after && { after }) });
      const ids = page.items.map((item) => item.id);
      const [accesses, grants] = await Promise.all([engine.usersAccess(ids), store.roleGrants(ids)]);
      if (!started) {
        started = true;
        res.status(200);
        if (format === 'csv') {
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.setHeader('Content-Disposition', 'attachment; filename="access.csv"');
          await write(res, `${CSV_HEADER.join(',')}\r\n`);
        } else {
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          await write(res, '{"rows":[');
        }
      }
      let first = format === 'json' && after === undefined;
      for (const access of accesses) {
        for (const row of accessRows(access, grants.get(access.userId))) {
          if (format === 'csv') await write(res, csvLine(row));
          else {
            await write(res, `${first ? '' : ','}\n${JSON.stringify(row)}`);
            first = false;
          }
        }
      }
      const last = page.items.at(-1);
      if (!page.more || last === undefined) break;
      after = last.position;
    }
    if (format === 'json') await write(res, '\n]}\n');
    res.end();
  } catch (error) {
    // Nothing sent yet (the first page failed, e.g. the database is away): the app's error handler answers.
    if (!started) {
      next(error);
      return;
    }
    logger.error({ err: error }, 'access report failed');
    // Headers are gone already: cutting the stream short is the only honest signal left.
    res.destroy();
  }
}

/**
 * One row per effective role, one per role left on the platform that nothing grants, one for a user with none.
 * `grants`: when each role on the platform account was granted (RoleGrant by role name).
 */
export function accessRows(access: UserAccess, grants?: ReadonlyMap<string, RoleGrant>): AccessRow[] {
  const base = {
    userName: access.userName,
    displayName: access.displayName ?? '',
    idpActive: access.idpActive,
    platformStatus: access.platformStatus,
    lastSyncedAt: access.lastSyncedAt ?? '',
  };
  const onPlatform = new Set(access.platformRoles);
  // A grant counts while the role is on the account: a role withheld or revoked since has no grant time.
  const grantOf = (role: string) => {
    const grant = onPlatform.has(role) ? grants?.get(role) : undefined;
    return { grantedAt: grant?.grantedAt ?? null, grantAuditSeq: grant?.auditSeq ?? null };
  };
  const rows: AccessRow[] = access.effectiveRoles.map((role) => ({
    ...base,
    role: role.name,
    contextType: role.ref.contextType,
    contextId: role.ref.contextId,
    onPlatform: onPlatform.has(role.name),
    sources: role.sources.map(describeSource),
    ...grantOf(role.name),
  }));
  const granted = new Set(access.effectiveRoles.map((role) => role.name));
  for (const name of access.platformRoles) {
    if (granted.has(name)) continue;
    const parsed = parseRoleName(name);
    rows.push({
      ...base,
      role: name,
      contextType: parsed.ok ? parsed.value.contextType : '',
      contextId: parsed.ok ? parsed.value.contextId : '',
      onPlatform: true,
      sources: ['no source grants it'],
      ...grantOf(name),
    });
  }
  if (rows.length === 0)
    rows.push({
      ...base,
      role: '',
      contextType: '',
      contextId: '',
      onPlatform: false,
      sources: [],
      grantedAt: null,
      grantAuditSeq: null,
    });
  return rows;
}

/** A source in words, innermost grant last: `logical role X <- group "G" (group-roles)`. */
export function describeSource(source: RoleSource): string {
  const origin = source.type === 'direct' ? 'direct' : `group "${source.group.displayName}" (${source.via})`;
  return source.mapping ? `logical role ${source.mapping.logicalRole} <- ${origin}` : origin;
}

function csvLine(row: AccessRow): string {
  return `${CSV_HEADER.map((column) => csvField(row[column])).join(',')}\r\n`;
}

/**
 * RFC 4180 quoting, and a leading apostrophe on a value a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return): userNames and display names come from the IdP, and this file is opened in spreadsheets.
 */
export function csvField(value: string | boolean | number | null | string[]): string {
  let text = Array.isArray(value) ? value.join(' | ') : value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function write(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      res.off('close', closed);
      resolve();
    };
    const closed = () => {
      res.off('drain', done);
      reject(new Error('the client closed the connection'));
    };
    res.once('drain', done);
    res.once('close', closed);
  });
}

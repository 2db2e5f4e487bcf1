/**
 * The User endpoints. Every write is one atomic store write: read, normalise or patch, write, append the request
 * to the journal (a create is one `store.createUser`, every other write one transaction). Responses follow what
 * Entra ID and Okta expect (RFC 7644 §3.3-§3.6): 201 with the body and `Location` on POST, 200 with the body on
 * PUT and PATCH, 204 on DELETE, 404 for unknown ids, 409 `uniqueness` for a taken userName.
 */
import { invalidValue, notFound } from '../errors.ts';
import { checkResourceValueCounts } from '../limits.ts';
import { applyPatch } from '../patch/apply.ts';
import { normalizePatchRequest } from '../patch/normalize.ts';
import type { JsonObject } from '../resource/json.ts';
import { normalizeResource } from '../resource/normalize.ts';
import { resourceLocation } from '../resource/project.ts';
import { validateResource } from '../resource/validate.ts';
import type { NewUser, StoredUser } from '../store/port.ts';
import type { RequestContext, ServiceDeps } from './context.ts';
import { etagMatches, targetOfWrite } from './etag.ts';
import { journalEntry } from './journal.ts';
import { projectionFromQuery } from './list-params.ts';
import { type PresentUsersOptions, presentUser } from './present.ts';
import { noContent, notModified, resourceResponse } from './responses.ts';
import type { ScimResponse } from './types.ts';
import type { WriteReporter } from './warnings.ts';
import { runWrite, withScimUniqueness } from './write.ts';

export function userNotFound(id: string) {
  return notFound(
    `User ${id} not found. It may have been deleted; look it up again by userName or externalId.`,
  );
}

export async function getUser(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<ScimResponse> {
  const user = await deps.store.getUser(id);
  if (!user) throw userNotFound(id);
  const ifNoneMatch = ctx.header('if-none-match');
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, user.version)) return notModified(user.version);
  const body = await presentUser(deps, user, ctx.baseUrl, projectionFromQuery(ctx.query));
  return resourceResponse(200, body, user.version);
}

export async function createUser(
  deps: ServiceDeps,
  ctx: RequestContext,
  report: WriteReporter,
): Promise<ScimResponse> {
  const body = ctx.request.body;
  const { resource, ignored } = normalizeResource('User', body);
  checkResourceValueCounts('User', resource, deps.limits);
  report.ignored(ignored);
  const id = deps.newId();
  const user = await withScimUniqueness(() =>
    deps.store.createUser(
      { id, ...userFields(resource, true, undefined) },
      journalEntry('POST', '/Users', body, id),
    ),
  );
  return userWritten(deps, ctx, user, 201, { created: true });
}

export async function replaceUser(
  deps: ServiceDeps,
  ctx: RequestContext,
  id: string,
  report: WriteReporter,
): Promise<ScimResponse> {
  const body = ctx.request.body;
  const { resource, ignored } = normalizeResource('User', body);
  checkResourceValueCounts('User', resource, deps.limits);
  report.ignored(ignored);
  const ifMatch = ctx.header('if-match');
  const user = await runWrite(deps.store, ifMatch, async (tx) => {
    const existing = targetOfWrite(await tx.getUser(id), ifMatch, () => userNotFound(id));
    // A PUT without `active` keeps the current state rather than silently (de)activating the user.
    const updated = await tx.updateUser(id, userFields(resource, existing.active, existing.userName), {
      expectedVersion: existing.version,
    });
    await tx.appendJournal(journalEntry('PUT', `/Users/${id}`, body));
    return updated;
  });
  return userWritten(deps, ctx, user, 200);
}

export async function patchUser(
  deps: ServiceDeps,
  ctx: RequestContext,
  id: string,
  report: WriteReporter,
): Promise<ScimResponse> {
  const body = ctx.request.body;
  const operations = normalizePatchRequest(body, 'User', deps.limits);
  const ifMatch = ctx.header('if-match');
  const user = await runWrite(deps.store, ifMatch, async (tx) => {
    const existing = targetOfWrite(await tx.getUser(id), ifMatch, () => userNotFound(id));
    const result = applyPatch(patchableUser(existing), operations, {
      resourceType: 'User',
      limits: deps.limits,
    });
    report.warnings(result.warnings);
    let current = existing;
    if (result.changed) {
      validateResource('User', result.resource);
      current = await tx.updateUser(id, userFields(result.resource, existing.active, existing.userName), {
        expectedVersion: existing.version,
      });
    }
    await tx.appendJournal(journalEntry('PATCH', `/Users/${id}`, body));
    return current;
  });
  return userWritten(deps, ctx, user, 200);
}

export async function deleteUser(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<ScimResponse> {
  const ifMatch = ctx.header('if-match');
  await runWrite(deps.store, ifMatch, async (tx) => {
    if (ifMatch !== undefined) {
      targetOfWrite(await tx.getUser(id), ifMatch, () => userNotFound(id));
    }
    if (!(await tx.deleteUser(id))) throw userNotFound(id);
    await tx.appendJournal(journalEntry('DELETE', `/Users/${id}`));
  });
  return noContent();
}

/**
 * The answer to a write, presented after the transaction committed, like a GET of the user (the store itself,
 * not the transaction, is read: on SQLite the transaction's connection is busy until it ends).
 */
async function userWritten(
  deps: ServiceDeps,
  ctx: RequestContext,
  user: StoredUser,
  status: 200 | 201,
  options: PresentUsersOptions = {},
): Promise<ScimResponse> {
  const body = await presentUser(deps, user, ctx.baseUrl, projectionFromQuery(ctx.query), options);
  const headers: Record<string, string> =
    status === 201 ? { Location: resourceLocation(ctx.baseUrl, 'User', user.id) } : {};
  return resourceResponse(status, body, user.version, headers);
}

/** The canonical resource a PATCH works on: the stored attributes plus the ones the store keeps in columns. */
function patchableUser(user: StoredUser): JsonObject {
  return {
    ...user.resource,
    userName: user.userName,
    active: user.active,
    ...(user.externalId !== undefined ? { externalId: user.externalId } : {}),
  };
}

/**
 * Splits a validated canonical resource into the store's columns and document. A new userName may not begin or
 * end with whitespace: ` alice@example.com` would be a second account that looks like alice's in every list and
 * log. A name already stored that way (before this check) is kept, so its other changes and its offboarding
 * still go through.
 */
function userFields(
  resource: JsonObject,
  activeWhenAbsent: boolean,
  storedUserName: string | undefined,
): Omit<NewUser, 'id'> {
  const { userName, externalId } = resource;
  if (typeof userName !== 'string' || userName.trim() === '') {
    throw invalidValue("Attribute 'userName' is required and must be a non-empty string.");
  }
  if (userName !== storedUserName && userName !== userName.trim()) {
    throw invalidValue(
      `Attribute 'userName' must not begin or end with whitespace: send ${JSON.stringify(userName.trim())}.`,
    );
  }
  const active = typeof resource.active === 'boolean' ? resource.active : activeWhenAbsent;
  const fields: Omit<NewUser, 'id'> = { userName, active, resource: { ...resource, active } };
  if (typeof externalId === 'string') fields.externalId = externalId;
  return fields;
}

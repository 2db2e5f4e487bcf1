/**
 * The Group endpoints. Membership writes lock the group (`getGroupForUpdate`) so concurrent PATCHes serialise
 * per group and never lose members. PATCH answers 204 (Entra expects it; Okta accepts it) unless the client
 * asked for attributes, then 200 with the group.
 */
import { invalidValue, notFound } from '../errors.ts';
import { checkResourceValueCounts, type ScimLimits } from '../limits.ts';
import { applyPatch } from '../patch/apply.ts';
import { referencedMemberIds } from '../patch/members.ts';
import { normalizePatchRequest } from '../patch/normalize.ts';
import type { PatchOperation } from '../patch/operation.ts';
import type { JsonObject } from '../resource/json.ts';
import { normalizeResource } from '../resource/normalize.ts';
import { resourceLocation, versionTag } from '../resource/project.ts';
import { validateResource } from '../resource/validate.ts';
import type { NewGroup, ScimTransaction, StoredGroup } from '../store/port.ts';
import type { RequestContext, ServiceDeps } from './context.ts';
import { etagMatches, targetOfWrite } from './etag.ts';
import { journalEntry } from './journal.ts';
import { hasProjection, type ProjectionParams, projectionFromQuery } from './list-params.ts';
import { lookUpMembers, memberIdsOf, toMemberRefs } from './members.ts';
import { membershipOnlyIds, patchMembership } from './membership-patch.ts';
import { patchableGroup } from './patchable-group.ts';
import { presentGroup, wantsMembers } from './present.ts';
import { noContent, notModified, resourceResponse } from './responses.ts';
import type { ScimResponse } from './types.ts';
import type { WriteReporter } from './warnings.ts';
import { runWrite } from './write.ts';

export function groupNotFound(id: string) {
  return notFound(
    `Group ${id} not found. It may have been deleted; look it up again by displayName or externalId.`,
  );
}

export async function getGroup(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<ScimResponse> {
  const projection = projectionFromQuery(ctx.query);
  const group = await deps.store.getGroup(id, { members: wantsMembers(projection) });
  if (!group) throw groupNotFound(id);
  const ifNoneMatch = ctx.header('if-none-match');
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, group.version)) return notModified(group.version);
  return resourceResponse(200, presentGroup(group, ctx.baseUrl, projection), group.version);
}

export async function createGroup(
  deps: ServiceDeps,
  ctx: RequestContext,
  report: WriteReporter,
): Promise<ScimResponse> {
  const body = ctx.request.body;
  const { resource, ignored } = normalizeResource('Group', body);
  checkResourceValueCounts('Group', resource, deps.limits);
  report.ignored(ignored);
  const id = deps.newId();
  const group = await runWrite(deps.store, undefined, async (tx) => {
    const directory = await lookUpMembers(tx, id, memberIdsOf(resource.members));
    const { members, skipped } = toMemberRefs(resource.members, directory);
    reportSkipped(report, skipped);
    const created = await tx.insertGroup({ id, ...groupFields(resource), members });
    await tx.appendJournal(journalEntry('POST', '/Groups', body, created.id));
    return withMembers(tx, created);
  });
  const projection = projectionFromQuery(ctx.query);
  return resourceResponse(201, presentGroup(group, ctx.baseUrl, projection), group.version, {
    Location: resourceLocation(ctx.baseUrl, 'Group', group.id),
  });
}

export async function replaceGroup(
  deps: ServiceDeps,
  ctx: RequestContext,
  id: string,
  report: WriteReporter,
): Promise<ScimResponse> {
  const body = ctx.request.body;
  const { resource, ignored } = normalizeResource('Group', body);
  checkResourceValueCounts('Group', resource, deps.limits);
  report.ignored(ignored);
  const ifMatch = ctx.header('if-match');
  const group = await runWrite(deps.store, ifMatch, async (tx) => {
    const existing = targetOfWrite(await tx.getGroupForUpdate(id), ifMatch, () => groupNotFound(id));
    const directory = await lookUpMembers(tx, id, memberIdsOf(resource.members), existing.members);
    const { members, skipped } = toMemberRefs(resource.members, directory);
    reportSkipped(report, skipped);
    const updated = await tx.updateGroup(
      id,
      { ...groupFields(resource), members },
      { expectedVersion: existing.version },
    );
    await tx.appendJournal(journalEntry('PUT', `/Groups/${id}`, body));
    return withMembers(tx, updated);
  });
  const projection = projectionFromQuery(ctx.query);
  return resourceResponse(200, presentGroup(group, ctx.baseUrl, projection), group.version);
}

export async function patchGroup(
  deps: ServiceDeps,
  ctx: RequestContext,
  id: string,
  report: WriteReporter,
): Promise<ScimResponse> {
  const body = ctx.request.body;
  const operations = normalizePatchRequest(body, 'Group', deps.limits);
  const projection = projectionFromQuery(ctx.query);
  const respondWithBody = hasProjection(projection);
  const ifMatch = ctx.header('if-match');
  // Adding or removing a batch of members needs only those members, not the whole list (membership-patch.ts).
  const touchedMembers = membershipOnlyIds(operations);
  const group = await runWrite(deps.store, ifMatch, async (tx) => {
    const existing = targetOfWrite(
      await tx.getGroupForUpdate(id, { members: touchedMembers === undefined }),
      ifMatch,
      () => groupNotFound(id),
    );
    const written =
      touchedMembers === undefined
        ? await patchWholeGroup(tx, existing, operations, report, deps.limits)
        : await patchMembership(tx, existing, operations, touchedMembers, report);
    await tx.appendJournal(journalEntry('PATCH', `/Groups/${id}`, body));
    return respondWithBody ? withMembersIfWanted(tx, written, projection) : written;
  });
  if (!respondWithBody) return noContent({ ETag: versionTag(group.version) });
  return resourceResponse(200, presentGroup(group, ctx.baseUrl, projection), group.version);
}

/** Applies `operations` to the whole group (loaded with its members) and writes it back when it changed. */
async function patchWholeGroup(
  tx: ScimTransaction,
  existing: StoredGroup,
  operations: readonly PatchOperation[],
  report: WriteReporter,
  limits: ScimLimits,
): Promise<StoredGroup> {
  const current = existing.members ?? [];
  const directory = await lookUpMembers(tx, existing.id, referencedMemberIds(operations), current);
  const result = applyPatch(patchableGroup(existing), operations, {
    resourceType: 'Group',
    memberExists: (memberId) => directory.has(memberId),
    limits,
  });
  report.warnings(result.warnings);
  if (!result.changed) return existing;
  validateResource('Group', result.resource);
  const { members } = toMemberRefs(result.resource.members, directory);
  return tx.updateGroup(
    existing.id,
    { ...groupFields(result.resource), members },
    { expectedVersion: existing.version },
  );
}

export async function deleteGroup(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<ScimResponse> {
  const ifMatch = ctx.header('if-match');
  await runWrite(deps.store, ifMatch, async (tx) => {
    if (ifMatch !== undefined) {
      targetOfWrite(await tx.getGroupForUpdate(id), ifMatch, () => groupNotFound(id));
    }
    if (!(await tx.deleteGroup(id))) throw groupNotFound(id);
    await tx.appendJournal(journalEntry('DELETE', `/Groups/${id}`));
  });
  return noContent();
}

function reportSkipped(report: WriteReporter, skipped: readonly string[]): void {
  if (skipped.length > 0) report.warnings(skipped.map((detail) => ({ code: 'unknown-member', detail })));
}

/** Splits a validated canonical group into the store's columns and document (members are stored apart). */
function groupFields(resource: JsonObject): Omit<NewGroup, 'id' | 'members'> {
  const { members: _members, ...document } = resource;
  const { displayName, externalId } = document;
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    throw invalidValue("Attribute 'displayName' is required and must be a non-empty string.");
  }
  const fields: Omit<NewGroup, 'id' | 'members'> = { displayName, resource: document };
  if (typeof externalId === 'string') fields.externalId = externalId;
  return fields;
}

/** Responses after POST and PUT show the members (Entra expects `"members": []` on a new group). */
async function withMembers(tx: ScimTransaction, group: StoredGroup): Promise<StoredGroup> {
  if (group.members) return group;
  return (await tx.getGroup(group.id, { members: true })) ?? group;
}

async function withMembersIfWanted(
  tx: ScimTransaction,
  group: StoredGroup,
  projection: ProjectionParams,
): Promise<StoredGroup> {
  return wantsMembers(projection) ? withMembers(tx, group) : group;
}

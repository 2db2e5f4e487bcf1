/**
 * Listing and searching (RFC 7644 sections 3.4.2, 3.4.3): GET with a query string and POST `.search` share one
 * path. No match is a 200 with an empty ListResponse, never a 404 (Entra quarantines servers that 404 here).
 * A search at the root covers users then groups, paged as one list.
 */
import { invalidFilter } from '../errors.ts';
import type { Filter } from '../filter/ast.ts';
import { parseFilter } from '../filter/parse.ts';
import type { JsonObject } from '../resource/json.ts';
import type { ListQuery, ResourceType } from '../store/port.ts';
import type { RequestContext, ServiceDeps } from './context.ts';
import { type ListParams, listParamsFromQuery, listParamsFromSearchBody } from './list-params.ts';
import { presentGroup, presentUsers, wantsMembers } from './present.ts';
import { listResponse } from './responses.ts';
import type { ScimResponse } from './types.ts';

export async function listResources(
  deps: ServiceDeps,
  ctx: RequestContext,
  resourceType: ResourceType,
): Promise<ScimResponse> {
  return respond(deps, ctx, [resourceType], listParamsFromQuery(ctx.query));
}

/** `POST /Users/.search`, `POST /Groups/.search`, or `POST /.search` across both. */
export async function search(
  deps: ServiceDeps,
  ctx: RequestContext,
  resourceType: ResourceType | undefined,
): Promise<ScimResponse> {
  const types: ResourceType[] = resourceType ? [resourceType] : ['User', 'Group'];
  return respond(deps, ctx, types, listParamsFromSearchBody(ctx.request.body));
}

async function respond(
  deps: ServiceDeps,
  ctx: RequestContext,
  types: readonly ResourceType[],
  params: ListParams,
): Promise<ScimResponse> {
  const filter = params.filter === undefined ? undefined : parseFilterParam(params.filter);
  let remaining = params.count;
  let skip = params.startIndex - 1;
  let totalResults = 0;
  const resources: JsonObject[] = [];
  for (const type of types) {
    // Each type is asked for the part of the page it covers; a type before the page only reports its total.
    const query: ListQuery = { startIndex: skip + 1, count: remaining };
    if (filter) query.filter = filter;
    if (params.sortBy) query.sortBy = params.sortBy;
    if (params.sortOrder) query.sortOrder = params.sortOrder;
    const page = await listPage(deps, ctx, type, query, params);
    totalResults += page.totalResults;
    resources.push(...page.resources);
    remaining -= page.resources.length;
    skip = Math.max(0, skip - page.totalResults);
  }
  return listResponse(totalResults, params.startIndex, resources);
}

async function listPage(
  deps: ServiceDeps,
  ctx: RequestContext,
  type: ResourceType,
  query: ListQuery,
  params: ListParams,
): Promise<{ totalResults: number; resources: JsonObject[] }> {
  if (type === 'User') {
    const result = await deps.store.listUsers(query);
    return {
      totalResults: result.totalResults,
      resources: await presentUsers(deps, result.items, ctx.baseUrl, params),
    };
  }
  const result = await deps.store.listGroups({ ...query, members: wantsMembers(params) });
  return {
    totalResults: result.totalResults,
    resources: result.items.map((group) => presentGroup(group, ctx.baseUrl, params)),
  };
}

function parseFilterParam(text: string): Filter {
  const parsed = parseFilter(text);
  if (!parsed.ok) throw invalidFilter(parsed.error.message);
  return parsed.value;
}

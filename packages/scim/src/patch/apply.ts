/**
 * The one function that applies PATCH operations (RFC 7644 section 3.5.2) to a canonical resource. It works on
 * a copy: the input is never touched, and an operation that fails throws before anything is returned, so a
 * request applies entirely or not at all. Only `ScimError`s escape (400 with a scimType naming what to fix).
 */
import { isDeepStrictEqual } from 'node:util';
import { invalidValue, mutability, noTarget } from '../errors.ts';
import type { ResourceJson } from '../store/port.ts';
import { refreshFormattedName } from './formatted-name.ts';
import { applyMultiValued, settleWorkingLists } from './multi-valued.ts';
import type { PatchContext, PatchOperation, PatchResult } from './operation.ts';
import { expandPathlessValue } from './pathless.ts';
import { applySingleValued } from './single-valued.ts';
import { slotFor } from './slot.ts';
import { type ApplyState, applyStateFor } from './state.ts';
import { resolveTarget, type Target } from './target.ts';
import { checkSingle } from './values.ts';

export function applyPatch(
  resource: ResourceJson,
  operations: readonly PatchOperation[],
  context: PatchContext,
): PatchResult {
  const draft = structuredClone(resource);
  const state = applyStateFor(context);
  for (const operation of operations) applyOperation(draft, operation, state);
  settleWorkingLists(state);
  if (context.resourceType === 'User') refreshFormattedName(resource, draft);
  return { resource: draft, warnings: state.warnings, changed: !isDeepStrictEqual(resource, draft) };
}

function applyOperation(draft: ResourceJson, operation: PatchOperation, state: ApplyState): void {
  const { path } = operation;
  if (path === undefined) {
    if (operation.op === 'remove') {
      throw noTarget('"remove" needs a "path" naming what to remove (RFC 7644 section 3.5.2.2).');
    }
    for (const part of expandPathlessValue(state.resourceType, requireValue(operation, 'the resource'))) {
      applyOperation(draft, { op: operation.op, ...part }, state);
    }
    return;
  }

  const target = resolveTarget(state.resourceType, path);
  checkWritable(target);
  let { op, value } = operation;
  if (op !== 'remove') {
    value = requireValue(operation, target.text);
    if (value === null) {
      // null is "unassigned" (RFC 7643 section 2.5): adding nothing changes nothing; replacing with it removes.
      if (op === 'add') return;
      op = 'remove';
      value = undefined;
    }
  }
  if (target.attribute.mutability === 'writeOnly') {
    discardWriteOnly(target, op, value, state);
    return;
  }

  const slot = slotFor(draft, target.attribute.name, target.extensionUri);
  if (target.attribute.multiValued) applyMultiValued(op, target, value, slot, state);
  else applySingleValued(op, target, value, slot);
}

function requireValue(operation: PatchOperation, what: string): unknown {
  if (operation.value === undefined) {
    throw invalidValue(
      `"${operation.op}" of ${what === 'the resource' ? what : `"${what}"`} needs a "value".`,
    );
  }
  return operation.value;
}

function checkWritable(target: Target): void {
  if (target.attribute.mutability !== 'readOnly' && target.sub?.mutability !== 'readOnly') return;
  throw mutability(
    `"${target.text}" is read-only and cannot be changed by PATCH` +
      (target.attribute.name === 'groups' ? '; change group membership through the Group resource.' : '.'),
  );
}

/**
 * Write-only attributes (password) are accepted, type-checked and dropped: the connector stores no secrets,
 * and Okta's password sync must not fail the request.
 */
function discardWriteOnly(target: Target, op: string, value: unknown, state: ApplyState): void {
  if (op !== 'remove') checkSingle(target.attribute, value, target.text);
  state.warnings.push({
    code: 'discarded',
    detail: `"${target.text}" is write-only; the connector does not store it, so the value was discarded.`,
  });
}

/**
 * add / replace / remove on a multi-valued attribute (RFC 7644 sections 3.5.2.1-3), with the behaviour IdPs
 * rely on:
 * - `add` appends values; a value that is already there (same `value`, and same `type` when both have one) is
 *   merged, not duplicated, and is not an error (Entra may add a group member that is already there);
 * - `replace` without a filter sets the exact list, `[]` included (Okta's group push);
 * - `remove` without a filter removes all values, or, when a `value` list is given, only those (Entra's member
 *   removal); listed values that are not there are reported as warnings, not errors;
 * - with a value filter, add/replace change the matching elements, or create one when none matches and the
 *   filter is an equality (Entra's `emails[type eq "work"].value`); remove drops the matching elements (Okta's
 *   `members[value eq "id"]`) and matching nothing is not an error;
 * - `emails.value` without a filter addresses every element.
 */
import { isDeepStrictEqual } from 'node:util';
import { invalidValue, mutability, noTarget } from '../errors.ts';
import { checkValueCount, checkValuesScanned } from '../limits.ts';
import { findNamed } from '../schema/index.ts';
import { elementPredicate, equalityTemplate } from './element-filter.ts';
import { ElementIndex } from './element-index.ts';
import { isPlainObject } from './json.ts';
import { admitMember, isGroupMembers } from './members.ts';
import type { PatchOpName } from './operation.ts';
import { keepSinglePrimary } from './primary.ts';
import { checkImmutable, requiredError } from './single-valued.ts';
import type { Slot } from './slot.ts';
import type { ApplyState } from './state.ts';
import type { Target } from './target.ts';
import {
  checkComplex,
  checkMany,
  checkSingle,
  type JsonObject,
  sameElement,
  withoutNulls,
} from './values.ts';
import { WorkingList } from './working-list.ts';

/** The attribute's elements while one operation edits them, and the elements it wrote. */
interface Edit {
  list: WorkingList;
  written: Set<unknown>;
}

export function applyMultiValued(
  op: PatchOpName,
  target: Target,
  value: unknown,
  slot: Slot,
  state: ApplyState,
): void {
  const current = slot.get();
  const attributeKey = `${target.extensionUri ?? ''}:${target.attribute.name}`;
  const kept = state.lists.get(attributeKey);
  // The list an earlier operation of this request left in the resource is reused as it is (with its indexes).
  const list =
    kept !== undefined && kept.list.elements === current
      ? kept.list
      : new WorkingList(target.attribute, Array.isArray(current) ? current : []);
  const edit: Edit = { list, written: new Set() };
  // A list read from the resource may hold duplicates an older version stored: the first operation collapses them.
  const readNow = list !== kept?.list;
  if (target.filter === undefined && target.sub === undefined) applyToAll(op, target, value, edit, state);
  else applyToSelected(op, target, value, edit, state, attributeKey);

  // Checked after every operation, so one operation's work stays proportional to the cap, never to what earlier
  // operations of the same request piled up.
  if (!isGroupMembers(state, target)) checkValueCount(target.text, edit.list.live, state.limits);
  collapseDuplicates(target, edit, readNow);
  if ([...edit.written].some(isPrimaryElement)) keepSinglePrimary(target, edit.list.elements, edit.written);
  if (edit.list.live === 0 && target.attribute.required) throw requiredError(target);
  if (edit.list.live > 0) {
    if (slot.get() !== edit.list.elements) slot.set(edit.list.elements);
    state.lists.set(attributeKey, { slot, list: edit.list });
    return;
  }
  state.lists.delete(attributeKey);
  // An emptied attribute is unassigned; one that was already empty (`members: []`) is left as it was.
  if (!(Array.isArray(current) && current.length === 0)) slot.set(undefined);
}

/** Writes each attribute's list back without the holes its removals left (at the end of the request). */
export function settleWorkingLists(state: ApplyState): void {
  for (const { slot, list } of state.lists.values()) {
    if (slot.get() === list.elements) slot.set(list.compact());
  }
  state.lists.clear();
}

function applyToAll(op: PatchOpName, target: Target, value: unknown, edit: Edit, state: ApplyState): void {
  if (op === 'remove') {
    if (value === undefined) edit.list = new WorkingList(target.attribute, []);
    else removeListed(target, value, edit, state);
    return;
  }
  if (op === 'replace') edit.list = new WorkingList(target.attribute, []);
  const items = checkMany(target.attribute, value, target.text).map((item) =>
    isPlainObject(item) ? withoutNulls(item) : item,
  );
  for (const item of items) addOne(target, item, edit, state);
}

function addOne(target: Target, item: unknown, edit: Edit, state: ApplyState): void {
  const { list } = edit;
  const position = list.same.firstMatch(item);
  if (position < 0) {
    if (isGroupMembers(state, target) && !admitMember(item, state)) return;
    list.push(item);
    edit.written.add(item);
    return;
  }
  const existing = list.at(position);
  // Adding a value that is already there changes at most its mutable sub-attributes (a member stays as it was).
  const merged =
    isPlainObject(existing) && isPlainObject(item) ? mergeElement(target, existing, item, 'keep') : existing;
  list.set(position, merged);
  edit.written.add(merged);
}

function removeListed(target: Target, value: unknown, edit: Edit, state: ApplyState): void {
  const { attribute } = target;
  const byValue = findNamed(attribute.subAttributes, 'value') !== undefined;
  const { list } = edit;
  checkMany(attribute, value, target.text).forEach((item, itemIndex) => {
    if (byValue && !(isPlainObject(item) && item.value !== undefined && item.value !== null)) {
      throw invalidValue(
        `"remove" of "${target.text}" with a "value" lists the entries to remove by their "value"; entry ${itemIndex} ` +
          'has none. To remove every entry, leave "value" out.',
      );
    }
    const wanted = isPlainObject(item) ? withoutNulls(item) : item;
    // An element an earlier entry removed is no longer there to match.
    const matches = list.same.allMatches(wanted);
    for (const position of matches) list.remove(position);
    if (matches.length === 0) {
      state.warnings.push({
        code: 'no-match',
        detail: `"remove" of "${target.text}": ${JSON.stringify(isPlainObject(wanted) ? wanted.value : wanted)} is not there; nothing to remove.`,
      });
    }
  });
}

/**
 * The positions a filtered (or sub-attribute) operation selects: from the filter index when the filter pins the
 * value, else by testing every element, which counts toward the request's scan bound (ScimLimits); the first
 * operation on an attribute reads it without counting, as loading it would.
 */
function selectedPositions(target: Target, edit: Edit, state: ApplyState, attributeKey: string): number[] {
  const { list } = edit;
  const indexed = target.filter === undefined ? undefined : list.filterCandidates(target.filter);
  if (indexed === undefined) {
    if (state.attributesRead.has(attributeKey)) {
      state.valuesScanned += list.live;
      checkValuesScanned(state.valuesScanned, state.limits);
    } else state.attributesRead.add(attributeKey);
  }
  const matches = target.filter ? elementPredicate(target.attribute, target.filter) : () => true;
  return (indexed ?? list.positions()).filter((position) => {
    const element = list.at(position);
    return isPlainObject(element) && matches(element);
  });
}

function applyToSelected(
  op: PatchOpName,
  target: Target,
  value: unknown,
  edit: Edit,
  state: ApplyState,
  attributeKey: string,
): void {
  const selected = selectedPositions(target, edit, state, attributeKey);

  if (op === 'remove') {
    removeSelected(target, selected, edit, state);
    return;
  }
  if (selected.length === 0) {
    createFromFilter(op, target, value, edit, state);
    return;
  }
  const update = elementUpdate(op, target, value, state);
  for (const position of selected) {
    const element = edit.list.at(position);
    if (!isPlainObject(element)) continue;
    const next = update(element);
    if (next !== element) edit.list.set(position, next);
    edit.written.add(next);
  }
}

/** How add/replace change one selected element. */
function elementUpdate(
  op: PatchOpName,
  target: Target,
  value: unknown,
  state: ApplyState,
): (element: JsonObject) => JsonObject {
  const { attribute, sub } = target;
  if (sub !== undefined) {
    const next = checkSingle(sub, value, target.text);
    return (element) => {
      checkImmutable(target, sub.mutability, element[sub.name], next);
      return { ...element, [sub.name]: next };
    };
  }
  const given = checkComplex(attribute, value, target.text);
  if (op === 'add') return (element) => mergeElement(target, element, given, 'strict');
  // replace: the element is replaced whole, keeping what the filter pinned down unless the value says otherwise.
  const template = (target.filter && equalityTemplate(attribute, target.filter)) ?? {};
  const replacement = withoutNulls({ ...template, ...given });
  return (element) => {
    if (isGroupMembers(state, target) && !sameElement(attribute, element, replacement)) {
      if (!admitMember(replacement, state)) return element;
    }
    return { ...replacement };
  };
}

function createFromFilter(
  op: PatchOpName,
  target: Target,
  value: unknown,
  edit: Edit,
  state: ApplyState,
): void {
  const { attribute, sub } = target;
  const template = target.filter ? equalityTemplate(attribute, target.filter) : {};
  if (template === undefined) {
    throw noTarget(
      `"${op}" of "${target.text}": the filter matches no value, and only a filter made of "eq" comparisons ` +
        'joined by "and" describes a value that could be created (RFC 7644 section 3.5.2.3).',
    );
  }
  const element = sub
    ? { ...template, [sub.name]: checkSingle(sub, value, target.text) }
    : withoutNulls({ ...template, ...checkComplex(attribute, value, target.text) });
  if (target.filter && !elementPredicate(attribute, target.filter)(element)) {
    throw invalidValue(
      `"${op}" of "${target.text}": the filter matches no value, and the value given contradicts the filter, ` +
        'so it does not say which value to create.',
    );
  }
  if (isGroupMembers(state, target) && !admitMember(element, state)) return;
  edit.list.push(element);
  edit.written.add(element);
}

/**
 * One entry per value: an operation that made two elements the same entry (a replace that renames one into
 * another) leaves the first, with the later one's mutable sub-attributes merged in. Only what the operation wrote
 * can have met another element, so only that is looked up; the list is rebuilt only when a pair is found.
 */
function collapseDuplicates(target: Target, edit: Edit, wholeList: boolean): void {
  const { list } = edit;
  const suspects = wholeList ? list.compact() : [...edit.written];
  const duplicated = suspects.some((element) => list.same.allMatches(element).length > 1);
  if (!duplicated) return;
  const kept: unknown[] = [];
  const index = new ElementIndex(target.attribute, kept);
  for (const element of list.compact()) {
    const position = index.firstMatch(element);
    if (position < 0) {
      index.push(element);
      continue;
    }
    const earlier = kept[position];
    if (!isPlainObject(earlier) || !isPlainObject(element)) continue;
    const merged = mergeElement(target, earlier, element, 'keep');
    if (edit.written.has(earlier) || edit.written.has(element)) edit.written.add(merged);
    index.set(position, merged);
  }
  edit.list = new WorkingList(target.attribute, kept);
}

function removeSelected(target: Target, selected: number[], edit: Edit, state: ApplyState): void {
  if (selected.length === 0) {
    // Removing what is not there leaves the resource as the client wants it, so it is not an error.
    state.warnings.push({
      code: 'no-match',
      detail: `"remove" of "${target.text}" matched nothing; nothing to remove.`,
    });
    return;
  }
  const { sub } = target;
  const { list } = edit;
  if (sub === undefined) {
    for (const position of selected) list.remove(position);
    return;
  }
  if (sub.required) throw requiredError(target);
  for (const position of selected) {
    const element = list.at(position);
    if (!isPlainObject(element)) continue;
    if (sub.mutability === 'immutable' && element[sub.name] !== undefined) {
      throw mutability(`"${target.text}" is immutable and cannot be removed from an existing value.`);
    }
    const { [sub.name]: _removed, ...rest } = element;
    if (Object.keys(rest).length > 0) list.set(position, rest);
    else list.remove(position);
  }
}

function isPrimaryElement(element: unknown): boolean {
  return isPlainObject(element) && element.primary === true;
}

/**
 * Merges sub-attributes into an element; `null` unassigns one. An immutable sub-attribute that already has a
 * different value is kept (`keep`, re-adding an existing value) or refused with 400 mutability (`strict`).
 */
function mergeElement(
  target: Target,
  element: JsonObject,
  given: JsonObject,
  mode: 'keep' | 'strict',
): JsonObject {
  const merged: JsonObject = { ...element };
  for (const [name, value] of Object.entries(given)) {
    const sub = findNamed(target.attribute.subAttributes, name);
    const changes = !isDeepStrictEqual(merged[name], value ?? undefined);
    if (sub?.mutability === 'immutable' && merged[name] !== undefined && changes) {
      if (mode === 'keep') continue;
      throw mutability(`"${target.text}.${name}" is immutable: it was set when the value was added.`);
    }
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

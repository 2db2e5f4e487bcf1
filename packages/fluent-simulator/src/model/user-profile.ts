/**
 * The optional profile fields of createUser/updateUser inputs, validated (lengths, references to retailers and
 * locations that must exist). `null` and absent both mean "not given".
 */
import { checkLength, requireText } from './field-rules.ts';
import { FluentError, FluentErrorCode } from './fluent-error.ts';
import type { AttributeInput, UserProfileInput } from './inputs.ts';
import type { Attribute, User } from './types.ts';

const OPTIONAL_TEXT_FIELDS = [
  'title',
  'firstName',
  'lastName',
  'primaryPhone',
  'apiKey',
  'department',
  'country',
] as const;

export interface ProfileReferences {
  retailerExists(id: string): boolean;
  locationExists(id: string): boolean;
}

export function profileChange(
  op: string,
  input: UserProfileInput,
  references: ProfileReferences,
): Partial<User> {
  const change: Partial<User> = {};
  for (const field of OPTIONAL_TEXT_FIELDS) {
    const value = input[field];
    if (value !== undefined && value !== null) change[field] = checkLength(op, field, value);
  }
  if (input.language) {
    const value = requireText(op, 'language.value', input.language.value);
    change.language = input.language.label != null ? { value, label: input.language.label } : { value };
  }
  if (input.promotionOptIn != null) change.promotionOptIn = input.promotionOptIn;
  if (input.attributes) change.attributes = attributes(op, input.attributes);
  if (input.primaryRetailer) {
    const id = String(input.primaryRetailer.id);
    if (!references.retailerExists(id)) {
      throw new FluentError(FluentErrorCode.notFound, `${op}: no retailer with id ${id}`);
    }
    change.primaryRetailerId = id;
  }
  if (input.primaryLocation) {
    const id = String(input.primaryLocation.id);
    if (!references.locationExists(id)) {
      throw new FluentError(FluentErrorCode.notFound, `${op}: no location with id ${id}`);
    }
    change.primaryLocationId = id;
  }
  return change;
}

/** Attributes are upserted by name: the given ones replace same-named ones, others stay. */
export function upsertAttributes(existing: readonly Attribute[], given: readonly Attribute[]): Attribute[] {
  const replaced = new Set(given.map((attribute) => attribute.name));
  return [...existing.filter((attribute) => !replaced.has(attribute.name)), ...given];
}

/** The attributes given, one per name (the last wins). */
function attributes(op: string, inputs: readonly AttributeInput[]): Attribute[] {
  const byName = new Map<string, Attribute>();
  for (const attribute of inputs) {
    const name = requireText(op, 'attributes.name', attribute.name);
    byName.set(name, {
      name,
      type: requireText(op, 'attributes.type', attribute.type),
      value: attribute.value,
    });
  }
  return [...byName.values()];
}

/**
 * The lenient half of PATCH handling: turns the value shapes real IdPs send into the shapes the schema declares,
 * before the strict engine sees them. Each rule is a documented client quirk:
 * - string booleans `"True"`, `"False"`, `"false"` on boolean attributes (Entra ID);
 * - a complex attribute with a `value` sub-attribute given as a bare string, e.g. Entra's manager id,
 *   an empty string meaning unassigned;
 * - a single-valued attribute given as a one-element array, e.g. `manager: [{"$ref": ..., "value": ...}]` (Entra);
 * - a single value where a multi-valued attribute expects an array;
 * - sub-attribute names in any case, mapped to their declared spelling.
 * Anything it does not recognise passes through unchanged for the engine to reject with a precise message.
 */
import { coerceStringBoolean } from '../resource/string-boolean.ts';
import { type AttributeDefinition, findNamed } from '../schema/index.ts';
import { isPlainObject } from './json.ts';

/**
 * Coerces `value` for `def`. `whole` says the value stands for the whole attribute (path `emails`), rather than
 * one element of it (path `emails[type eq "work"]`) or a sub-attribute.
 */
export function coerceValue(def: AttributeDefinition, value: unknown, whole: boolean): unknown {
  if (value === null || value === undefined) return value;
  if (def.multiValued && whole) {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => coerceSingle(def, item));
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.length === 1) return coerceSingle(def, value[0]);
    return value;
  }
  return coerceSingle(def, value);
}

function coerceSingle(def: AttributeDefinition, value: unknown): unknown {
  switch (def.type) {
    case 'boolean':
      return coerceStringBoolean(value);
    case 'complex':
      return coerceComplex(def, value);
    default:
      return value;
  }
}

function coerceComplex(def: AttributeDefinition, value: unknown): unknown {
  if (typeof value === 'string' && findNamed(def.subAttributes, 'value')) {
    // `"manager": ""` is how a client says "no manager"; `{value: ""}` would be a reference to nothing.
    return value.trim() === '' ? null : { value };
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, subValue] of Object.entries(value)) {
    const sub = findNamed(def.subAttributes, key);
    if (sub === undefined) out[key] = subValue;
    else out[sub.name] = subValue === null ? null : coerceSingle(sub, subValue);
  }
  return out;
}

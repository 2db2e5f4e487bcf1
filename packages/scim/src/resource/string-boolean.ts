/**
 * Entra sends `"value": "False"` / `"True"` / `"false"` for booleans unless the tenant opted in to the compliant
 * format (the `aadOptscim062020` flag). Only those two words are coerced, in any case and with surrounding spaces;
 * anything else passes through for validation to reject with the attribute's path.
 */
export function coerceStringBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  return value;
}

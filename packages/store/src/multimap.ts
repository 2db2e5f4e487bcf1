/** Maps from a key to a list, filled one value at a time (rows grouped by user, emails by address). */

/** Appends `value` to the list of `key`, starting the list when it is the key's first. */
export function pushTo<Key, Value>(map: Map<Key, Value[]>, key: Key, value: Value): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

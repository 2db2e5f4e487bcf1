/** Small pieces shared by the model's lists. */

/** A list filter: matches when any value matches; absent means no filtering. */
export type TextFilter = readonly (string | null)[] | null | undefined;

/** Sorts by numeric id (the platform's ids are numbers in strings), in place. */
export function byNumericId<T extends { id: string }>(items: T[]): T[] {
  return items.sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}

/**
 * Whether the platform's profile already holds what the directory maps to. Only the fields the mapping produces
 * are compared: a field the IdP stopped sending is left alone on the platform (updates only set fields given).
 */
import type { PlatformProfile } from '@scim-connector/platform';

export function profileMatches(wanted: PlatformProfile, actual: PlatformProfile): boolean {
  return differingProfileFields(wanted, actual).length === 0;
}

/** The names of the mapped fields whose platform value differs, sorted. */
export function differingProfileFields(wanted: PlatformProfile, actual: PlatformProfile): string[] {
  const fields: string[] = [];
  for (const [field, value] of Object.entries(wanted)) {
    if (value !== undefined && actual[field as keyof PlatformProfile] !== value) fields.push(field);
  }
  return fields.sort();
}

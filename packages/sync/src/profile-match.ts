/**
 * Whether the platform's profile already holds what the directory maps to. Only the fields the mapping produces
 * are compared: a field the IdP stopped sending is left alone on the platform (updates only set fields given).
 */
import type { PlatformProfile } from '@scim-connector/platform';

export function profileMatches(wanted: PlatformProfile, actual: PlatformProfile): boolean {
  for (const [field, value] of Object.entries(wanted)) {
    if (value === undefined) continue;
    if (actual[field as keyof PlatformProfile] !== value) return false;
  }
  return true;
}

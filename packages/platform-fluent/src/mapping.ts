/**
 * SCIM user -> Fluent profile, as a pure function. IdPs differ in what they send (Entra's `primary: "True"`,
 * capitalised attribute names, `locale` instead of `preferredLanguage`), so every attribute is read defensively and
 * case-insensitively; what the IdP leaves out comes from the configured defaults, because Fluent requires a
 * timezone. The user type is not part of the profile: governance decides it from the roles (docs/architecture.md
 * §4.1), so the SCIM `userType` attribute is not read here.
 */
import type { PlatformProfile } from '@scim-connector/platform';
import type { ProfileDefaults } from './options.ts';
import { fitProfileToFluent, ProfileFieldError } from './profile-limits.ts';

export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface ScimMultiValued {
  value?: string;
  type?: string;
  primary?: boolean | string;
}

/** The SCIM User attributes the mapping reads (RFC 7643 section 4.1 and the enterprise extension). */
export interface ScimUserLike {
  userName?: string;
  name?: { givenName?: string; familyName?: string };
  title?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  emails?: readonly ScimMultiValued[];
  phoneNumbers?: readonly ScimMultiValued[];
  [ENTERPRISE_USER_URN]?: { department?: string };
}

type Json = Readonly<Record<string, unknown>>;

export function mapScimUserToProfile(
  scimUser: ScimUserLike | Json,
  defaults: ProfileDefaults,
): PlatformProfile {
  const user = scimUser as Json;
  const name = asObject(attribute(user, 'name'));
  const enterprise = asObject(attribute(user, ENTERPRISE_USER_URN));

  const profile: PlatformProfile = {
    firstName: text(name && attribute(name, 'givenName')),
    lastName: text(name && attribute(name, 'familyName')),
    primaryEmail: pickPreferredValue(attribute(user, 'emails')),
    primaryPhone: pickPreferredValue(attribute(user, 'phoneNumbers')),
    department: text(enterprise && attribute(enterprise, 'department')),
    title: text(attribute(user, 'title')),
    timezone: timezoneOf(user) ?? defaults.timezone,
    language: languageOf(user) ?? defaults.language,
  };
  return fitProfileToFluent(dropUndefined(profile));
}

/** The primary entry's value, else the first `work` one, else the first one with a value. */
export function pickPreferredValue(values: unknown): string | undefined {
  if (!Array.isArray(values)) return text(values);
  const entries = values
    .map(asObject)
    .filter((entry): entry is Json => entry !== undefined && text(attribute(entry, 'value')) !== undefined);
  const primary = entries.find((entry) => isTrue(attribute(entry, 'primary')));
  const work = entries.find((entry) => text(attribute(entry, 'type'))?.toLowerCase() === 'work');
  const chosen = primary ?? work ?? entries[0];
  return chosen && text(attribute(chosen, 'value'));
}

function timezoneOf(user: Json): string | undefined {
  const timezone = text(attribute(user, 'timezone'));
  if (timezone === undefined) return undefined;
  if (!isKnownTimeZone(timezone)) {
    throw new ProfileFieldError(
      'timezone',
      `timezone "${timezone}" is not an IANA time zone (e.g. "Australia/Sydney"); fix the IdP attribute mapping.`,
    );
  }
  return timezone;
}

/** `preferredLanguage` (an Accept-Language value: first tag wins) else `locale`; `en_US` becomes `en-US`. */
function languageOf(user: Json): string | undefined {
  const raw = text(attribute(user, 'preferredLanguage')) ?? text(attribute(user, 'locale'));
  if (raw === undefined) return undefined;
  const tag = (raw.split(',')[0] ?? '').split(';')[0]?.trim().replace(/_/g, '-') ?? '';
  if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) {
    throw new ProfileFieldError(
      'language',
      `preferredLanguage/locale "${raw}" is not a language tag (e.g. "en-AU"); fix the IdP attribute mapping.`,
    );
  }
  return tag;
}

function isKnownTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** SCIM attribute names are case-insensitive (RFC 7643 section 2.1). */
function attribute(object: Json, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A trimmed non-empty string, else undefined. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function dropUndefined(profile: PlatformProfile): PlatformProfile {
  return Object.fromEntries(
    Object.entries(profile).filter(([, value]) => value !== undefined),
  ) as PlatformProfile;
}

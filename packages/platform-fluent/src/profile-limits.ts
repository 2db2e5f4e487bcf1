/**
 * Fluent's field length limits (CreateUserInput / UpdateUserInput reference; 255 where none is documented) and the
 * one place a profile is checked against them. Display text (names, title, department) is truncated: a long job
 * title must not keep someone out of the stores. Identifiers and machine values (email, phone, timezone, language,
 * type) cannot be shortened without changing their meaning, so they fail with an error naming the field.
 */
import { PlatformError, type PlatformProfile } from '@scim-connector/platform';

export const FLUENT_MAX_LENGTH = {
  ref: 100,
  username: 250,
  password: 128,
  title: 50,
  firstName: 50,
  lastName: 50,
  primaryEmail: 250,
  primaryPhone: 20,
  department: 255,
  timezone: 32,
  language: 255,
} as const;

type ProfileField = keyof PlatformProfile;

const TRUNCATED_FIELDS: readonly ProfileField[] = ['firstName', 'lastName', 'title', 'department'];
const STRICT_FIELDS: readonly ProfileField[] = ['primaryEmail', 'primaryPhone', 'timezone', 'language'];

/** A value the connector cannot send to Fluent; permanent, since resending the same value fails the same way. */
export class ProfileFieldError extends PlatformError {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message, { transient: false });
    this.name = 'ProfileFieldError';
    this.field = field;
  }
}

/** A copy of `profile` fit for Fluent: display text truncated, over-long identifiers rejected. */
export function fitProfileToFluent(profile: PlatformProfile): PlatformProfile {
  const fitted: PlatformProfile = { ...profile };
  for (const field of TRUNCATED_FIELDS) {
    const value = fitted[field];
    if (value !== undefined) fitted[field] = truncateToLength(value, FLUENT_MAX_LENGTH[field]);
  }
  for (const field of STRICT_FIELDS) {
    const value = fitted[field];
    if (value !== undefined) requireMaxLength(field, value, FLUENT_MAX_LENGTH[field]);
  }
  return fitted;
}

/**
 * The profile itself when every field is within Fluent's limits, else a {@link ProfileFieldError}. The client's
 * last check before sending: a profile from the plugin's mapping is fit already, so nothing is truncated twice.
 */
export function requireFluentLimits(profile: PlatformProfile): PlatformProfile {
  for (const field of [...TRUNCATED_FIELDS, ...STRICT_FIELDS]) {
    const value = profile[field];
    if (value !== undefined) requireMaxLength(field, value, FLUENT_MAX_LENGTH[field]);
  }
  return profile;
}

/** Throws a {@link ProfileFieldError} when `value` is longer than Fluent accepts for `field`. */
export function requireMaxLength(field: string, value: string, max: number): void {
  if (value.length > max) {
    throw new ProfileFieldError(
      field,
      `${field} is ${value.length} characters long; Fluent accepts at most ${max}. Shorten it at the identity provider.`,
    );
  }
}

/** Cuts at a code-point boundary so a surrogate pair is never split. */
export function truncateToLength(value: string, max: number): string {
  if (value.length <= max) return value;
  let cut = value.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

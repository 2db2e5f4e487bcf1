/**
 * The platform's field rules (Fluent's CreateUserInput and UpdateUserInput): required fields, maximum lengths (255
 * where Fluent states none) and the few fields with a fixed set of values. Each check throws a C0110E naming the
 * operation, the field and what would be accepted.
 */
import { FluentError, FluentErrorCode } from './fluent-error.ts';

const MAX_LENGTH: Readonly<Record<string, number>> = {
  ref: 100,
  username: 250,
  password: 128,
  title: 50,
  firstName: 50,
  lastName: 50,
  primaryEmail: 250,
  primaryPhone: 20,
  apiKey: 128,
  country: 100,
  timezone: 32,
  status: 50,
};
const DEFAULT_MAX_LENGTH = 255;

export function invalid(operation: string, detail: string): FluentError {
  return new FluentError(FluentErrorCode.invalidInput, `${operation}: ${detail}`);
}

/** A required string: present and not blank. */
export function requireText(operation: string, field: string, value: string | null | undefined): string {
  if (value === undefined || value === null || value.trim() === '') {
    throw invalid(operation, `"${field}" is required and must not be blank`);
  }
  return checkLength(operation, field, value);
}

export function checkLength(operation: string, field: string, value: string): string {
  const limit = MAX_LENGTH[field] ?? DEFAULT_MAX_LENGTH;
  if (value.length > limit) {
    throw invalid(operation, `"${field}" is ${value.length} characters long; at most ${limit} are allowed`);
  }
  return value;
}

export function checkOneOf<T extends string>(
  operation: string,
  field: string,
  value: string,
  allowed: readonly T[],
): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalid(operation, `"${field}" must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

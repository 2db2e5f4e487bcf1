import { describe, expect, it } from 'vitest';
import {
  conflict,
  internalError,
  invalidFilter,
  invalidPath,
  invalidSyntax,
  invalidValue,
  isScimError,
  mutability,
  noTarget,
  notFound,
  preconditionFailed,
  ScimError,
  toErrorDocument,
  uniqueness,
} from './errors.ts';

describe('ScimError helpers', () => {
  it.each([
    [invalidFilter, 400, 'invalidFilter'],
    [uniqueness, 409, 'uniqueness'],
    [mutability, 400, 'mutability'],
    [invalidSyntax, 400, 'invalidSyntax'],
    [invalidPath, 400, 'invalidPath'],
    [noTarget, 400, 'noTarget'],
    [invalidValue, 400, 'invalidValue'],
  ] as const)('%o carries status %i and scimType %s', (make, status, scimType) => {
    const error = make('what went wrong');
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(status);
    expect(error.scimType).toBe(scimType);
    expect(error.detail).toBe('what went wrong');
    expect(error.message).toBe('what went wrong');
  });

  it.each([
    [notFound, 404],
    [conflict, 409],
    [preconditionFailed, 412],
    [internalError, 500],
  ] as const)('%o has status %i and no scimType', (make, status) => {
    const error = make('x');
    expect(error.status).toBe(status);
    expect(error.scimType).toBeUndefined();
  });
});

describe('toErrorDocument', () => {
  it('writes the RFC 7644 3.12 document with status as a string', () => {
    expect(toErrorDocument(uniqueness('userName "alice@example.com" is already taken'))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'userName "alice@example.com" is already taken',
    });
  });

  it('omits scimType when there is none (404, as the Okta spec test expects)', () => {
    const doc = toErrorDocument(notFound('User 00919288221112222 not found'));
    expect(doc).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: 'User 00919288221112222 not found',
    });
    expect('scimType' in doc).toBe(false);
  });

  it('turns unexpected errors into a 500 without leaking their message or stack', () => {
    const secret = new Error('connection to postgres://admin:hunter2@db failed');
    const doc = toErrorDocument(secret);
    expect(doc.status).toBe('500');
    expect(JSON.stringify(doc)).not.toContain('hunter2');
    expect(doc.detail).not.toMatch(/\n\s+at /);
    expect(doc.detail.length).toBeGreaterThan(0);
    expect(toErrorDocument('a string').status).toBe('500');
  });

  it('isScimError tells SCIM errors from others', () => {
    expect(isScimError(invalidValue('x'))).toBe(true);
    expect(isScimError(new Error('x'))).toBe(false);
    expect(isScimError(undefined)).toBe(false);
  });
});

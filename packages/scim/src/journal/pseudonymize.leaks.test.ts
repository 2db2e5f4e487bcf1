/**
 * One case per finding of the journal pseudonymizer's security review: each shape the PATCH engine accepts
 * (src/patch/normalize.ts, pathless.ts) must not carry personal data or a password past the pseudonymizer.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../store/port.ts';
import { createPseudonymizer } from './pseudonymize.ts';

const KEY = new TextEncoder().encode('a leaks-test key of at least thirty-two bytes');
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const patch = (path: string, ...Operations: unknown[]): JournalEntry => ({
  method: 'PATCH',
  path,
  body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations },
});
const out = (entry: JournalEntry) => JSON.stringify(createPseudonymizer(KEY).entry(entry));

describe('journal pseudonymizer leaks', () => {
  it('a path-less dotted key', () => {
    expect(out(patch('/Users/u1', { op: 'replace', value: { 'name.givenName': 'Ada' } }))).not.toContain(
      'Ada',
    );
  });

  it('a path-less URN-qualified dotted key', () => {
    const text = out(patch('/Users/u1', { op: 'replace', value: { [`${CORE}:name.givenName`]: 'Ada' } }));
    expect(text).not.toContain('Ada');
  });

  it('path-less schema-keyed objects, core and enterprise', () => {
    const text = out(
      patch('/Users/u1', {
        op: 'add',
        value: {
          [CORE]: { name: { givenName: 'Ada' }, nickName: 'Countess' },
          [ENTERPRISE]: { manager: { value: 'm1', displayName: 'Grace Hopper' }, employeeNumber: '4711' },
        },
      }),
    );
    for (const personal of ['Ada', 'Countess', 'Grace Hopper', '4711']) expect(text).not.toContain(personal);
    expect(text).toContain('"value":"m1"');
  });

  it('Operations, op, path and value in any case', () => {
    const text = out({
      method: 'PATCH',
      path: '/Users/u1',
      body: { operations: [{ OP: 'Replace', PATH: 'displayName', VALUE: 'Ada Lovelace' }] },
    });
    expect(text).not.toContain('Ada Lovelace');
    expect(text).toContain('Replace');
  });

  it('a path that is the enterprise schema URN', () => {
    const text = out(patch('/Users/u1', { op: 'add', path: ENTERPRISE, value: { employeeNumber: '4711' } }));
    expect(text).not.toContain('4711');
  });

  it('a filter value with a colon, after a URN prefix', () => {
    const text = out(
      patch('/Users/u1', {
        op: 'remove',
        path: `${CORE}:emails[value eq "mailto:ada@example.com"]`,
      }),
    );
    expect(text).not.toContain('ada@example.com');
  });

  it('attribute names in any case', () => {
    const text = out({
      method: 'POST',
      path: '/Users',
      body: {
        UserName: 'ada@example.com',
        EMAILS: [{ Value: 'ada@work.example', TYPE: 'work' }],
        [ENTERPRISE]: { Manager: { value: 'm1', DisplayName: 'Grace Hopper' } },
      },
    });
    expect(text).not.toContain('Grace Hopper');
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('ada@work.example');
    expect(text).toContain('"TYPE":"work"');
  });

  it('the enterprise manager as an array', () => {
    const text = out(
      patch('/Users/u1', {
        op: 'replace',
        path: `${ENTERPRISE}:manager`,
        value: [{ value: 'm1', displayName: 'Grace Hopper' }],
      }),
    );
    expect(text).not.toContain('Grace Hopper');
    expect(text).toContain('"value":"m1"');
  });

  it('a quoted filter value on a personal attribute, whichever sub-attribute it compares', () => {
    const text = out(
      patch(
        '/Users/u1',
        { op: 'replace', path: 'emails[value eq "ada@example.com"].primary', value: true },
        { op: 'remove', path: 'addresses[streetAddress eq "12 Ada Lane"]' },
      ),
    );
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('12 Ada Lane');
  });

  it("members' display in a Group body, in any case", () => {
    const text = out({
      method: 'PUT',
      path: '/Groups/g1',
      body: { displayName: 'Store 134', Members: [{ value: 'u1', Display: 'Ada Lovelace' }] },
    });
    expect(text).not.toContain('Ada Lovelace');
    expect(text).toContain('Store 134');
    expect(text).toContain('"value":"u1"');
  });

  it('fails closed: an attribute on no kept list is pseudonymized', () => {
    const text = out({
      method: 'POST',
      path: '/Users',
      body: { userName: 'x', preferredLanguage: 'de-CH-Zurich-Ada', 'urn:example:custom:Ada': 'Ada Private' },
    });
    expect(text).not.toContain('de-CH-Zurich-Ada');
    expect(text).not.toContain('Ada Private');
  });

  it('passwords become the literal redacted, in bodies and PATCH values', () => {
    const body = out({ method: 'POST', path: '/Users', body: { userName: 'x', Password: 's3cret!' } });
    expect(body).not.toContain('s3cret!');
    expect(body).toContain('"Password":"redacted"');
    const op = out(patch('/Users/u1', { op: 'replace', value: { PASSWORD: 'hunter2' } }));
    expect(op).toContain('"PASSWORD":"redacted"');
  });
});

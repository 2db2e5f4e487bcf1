import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTERPRISE_USER_URN, mapScimUserToProfile, pickPreferredValue } from './mapping.ts';
import { FLUENT_MAX_LENGTH, ProfileFieldError } from './profile-limits.ts';

/** The fixed seed of this file's property runs, so a failure replays (FC_SEED explores others). */
const SEED = 0xa4e6;

const defaults = { timezone: 'Australia/Sydney', language: 'en-AU' };

describe('mapScimUserToProfile', () => {
  it('maps an Entra ID user (the attributes of the default Entra mapping)', () => {
    const profile = mapScimUserToProfile(
      {
        userName: 'ada@example.com',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        title: 'Store Manager',
        emails: [{ type: 'work', value: 'ada@example.com', primary: true }],
        phoneNumbers: [
          { type: 'mobile', value: '+61 400 000 000' },
          { type: 'work', value: '+61 2 9000 0000' },
        ],
        [ENTERPRISE_USER_URN]: { department: 'Retail Operations' },
      },
      defaults,
    );
    expect(profile).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      primaryEmail: 'ada@example.com',
      primaryPhone: '+61 2 9000 0000',
      department: 'Retail Operations',
      title: 'Store Manager',
      timezone: 'Australia/Sydney',
      language: 'en-AU',
    });
  });

  it('takes timezone and language from the IdP when sent', () => {
    const profile = mapScimUserToProfile(
      { timezone: 'Europe/London', preferredLanguage: 'fr-CA, en;q=0.8' },
      defaults,
    );
    expect(profile).toMatchObject({ timezone: 'Europe/London', language: 'fr-CA' });
  });

  it('never takes a user type from the IdP: governance decides it (docs/architecture.md §4.1)', () => {
    const profile = mapScimUserToProfile({ userType: 'ADMIN', UserType: 'Employee' }, defaults);
    expect(profile).toEqual({ timezone: 'Australia/Sydney', language: 'en-AU' });
    expect(profile).not.toHaveProperty('type');
  });

  it('uses locale when preferredLanguage is absent, normalising en_US to en-US', () => {
    expect(mapScimUserToProfile({ locale: 'en_US' }, defaults).language).toBe('en-US');
  });

  it('leaves language out when neither the IdP nor the defaults give one', () => {
    expect(mapScimUserToProfile({}, { timezone: 'UTC' })).toEqual({ timezone: 'UTC' });
  });

  describe('choosing the email and phone', () => {
    it('prefers the primary entry', () => {
      expect(
        pickPreferredValue([
          { type: 'work', value: 'work@example.com' },
          { type: 'home', value: 'home@example.com', primary: true },
        ]),
      ).toBe('home@example.com');
    });

    it('accepts primary sent as the string "True" (some Entra versions)', () => {
      expect(
        pickPreferredValue([
          { type: 'work', value: 'work@example.com' },
          { type: 'other', value: 'other@example.com', primary: 'True' },
        ]),
      ).toBe('other@example.com');
    });

    it('else takes the work entry, else the first', () => {
      expect(
        pickPreferredValue([
          { type: 'home', value: 'home@example.com' },
          { type: 'Work', value: 'work@example.com' },
        ]),
      ).toBe('work@example.com');
      expect(
        pickPreferredValue([
          { type: 'home', value: 'home@example.com' },
          { type: 'other', value: 'other@example.com' },
        ]),
      ).toBe('home@example.com');
    });

    it('skips entries without a value', () => {
      expect(pickPreferredValue([{ type: 'work', primary: true }, { value: 'x@example.com' }])).toBe(
        'x@example.com',
      );
      expect(pickPreferredValue([])).toBeUndefined();
      expect(pickPreferredValue(undefined)).toBeUndefined();
    });
  });

  it('reads attribute names case-insensitively, as RFC 7643 requires', () => {
    const profile = mapScimUserToProfile(
      {
        Name: { GivenName: 'Ada' },
        Emails: [{ Value: 'ada@example.com', Primary: true }],
        [ENTERPRISE_USER_URN.toLowerCase()]: { Department: 'Ops' },
      },
      defaults,
    );
    expect(profile).toMatchObject({ firstName: 'Ada', primaryEmail: 'ada@example.com', department: 'Ops' });
  });

  it('ignores blank values and values of the wrong type', () => {
    const profile = mapScimUserToProfile(
      { name: { givenName: '  ', familyName: 42 }, title: ['x'], emails: 'not-a-list@example.com' },
      defaults,
    );
    expect(profile).not.toHaveProperty('firstName');
    expect(profile).not.toHaveProperty('lastName');
    expect(profile).not.toHaveProperty('title');
    expect(profile.primaryEmail).toBe('not-a-list@example.com');
  });

  it('truncates display text to Fluent’s limits', () => {
    const profile = mapScimUserToProfile(
      { name: { givenName: 'A'.repeat(80), familyName: 'B'.repeat(51) }, title: 'T'.repeat(60) },
      defaults,
    );
    expect(profile.firstName).toBe('A'.repeat(50));
    expect(profile.lastName).toBe('B'.repeat(50));
    expect(profile.title).toBe('T'.repeat(50));
  });

  it('never splits a surrogate pair when truncating', () => {
    const profile = mapScimUserToProfile({ name: { givenName: `${'a'.repeat(49)}😀` } }, defaults);
    expect(profile.firstName).toBe('a'.repeat(49));
  });

  it.each([
    [
      { emails: [{ value: `${'e'.repeat(245)}@example.com` }] },
      'primaryEmail',
      /primaryEmail is 257 characters.*at most 250/,
    ],
    [
      { phoneNumbers: [{ value: '+61 2 9000 0000 ext. 12345' }] },
      'primaryPhone',
      /primaryPhone .*at most 20/,
    ],
    [{ timezone: 'Mars/Olympus_Mons' }, 'timezone', /"Mars\/Olympus_Mons" is not an IANA time zone/],
    [{ preferredLanguage: 'English please' }, 'language', /"English please" is not a language tag/],
  ])('rejects values Fluent cannot take with an error naming the field: %j', (user, field, message) => {
    let failure: unknown;
    try {
      mapScimUserToProfile(user, defaults);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ProfileFieldError);
    expect(failure).toMatchObject({ field, transient: false });
    expect((failure as Error).message).toMatch(message);
  });

  it(
    'always yields values within Fluent’s limits, or a ProfileFieldError (property)',
    () => {
      const multi = fc.array(
        fc.record(
          {
            value: fc.string({ maxLength: 300 }),
            type: fc.constantFrom('work', 'home', 'other'),
            primary: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      );
      const scimUser = fc.record(
        {
          name: fc.record({
            givenName: fc.string({ maxLength: 120 }),
            familyName: fc.string({ maxLength: 120 }),
          }),
          title: fc.string({ maxLength: 120 }),
          emails: multi,
          phoneNumbers: multi,
          [ENTERPRISE_USER_URN]: fc.record({ department: fc.string({ maxLength: 400 }) }),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(scimUser, (user) => {
          try {
            const profile = mapScimUserToProfile(user, defaults);
            for (const [field, value] of Object.entries(profile)) {
              const max = FLUENT_MAX_LENGTH[field as keyof typeof FLUENT_MAX_LENGTH];
              expect(value.length).toBeLessThanOrEqual(max);
              expect(value.trim()).toBe(value);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(ProfileFieldError);
          }
        }),
        propertyRuns(100, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});

/**
 * The platform fixture: the simulator's seed (`SIMULATOR_SEED`, docs/configuration.md) and the CLI's `--platform` file
 * (docs/rules.md). Every key is optional. Ids are the platform's numeric ids, as strings (JSON numbers are accepted and
 * turned into strings).
 */
import type { JsonSchema } from '@scim-connector/platform';

export interface FixtureRetailer {
  id: string;
  ref?: string;
  tradingName?: string;
  status?: string;
}

export interface FixtureLocation {
  id: string;
  ref?: string;
  retailerId?: string;
  name?: string;
  type?: string;
  status?: string;
}

export interface FixtureUser {
  username: string;
  id?: string;
  ref?: string;
  status?: 'ACTIVE' | 'INACTIVE';
  /** Canonical role names, e.g. `AGENT_134_STORE`. */
  roles?: string[];
  title?: string;
  firstName?: string;
  lastName?: string;
  primaryEmail?: string;
  primaryPhone?: string;
  type?: string;
  department?: string;
  country?: string;
  timezone?: string;
  /** e.g. `en-AU`. */
  language?: string;
}

export interface FixtureSetting {
  id?: string;
  name: string;
  context: string;
  contextId: number;
  valueType: string;
  lobValue?: unknown;
  value?: string;
}

export interface PlatformFixture {
  accounts?: { id: string }[];
  retailers?: FixtureRetailer[];
  locations?: FixtureLocation[];
  roles?: string[];
  users?: FixtureUser[];
  settings?: FixtureSetting[];
}

const numericId = { type: ['string', 'integer'], pattern: '^[0-9]+$', minimum: 0 };
const text = { type: 'string' };

export const platformFixtureSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    accounts: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: numericId } },
    },
    retailers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: { id: numericId, ref: text, tradingName: text, status: text },
      },
    },
    locations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: { id: numericId, ref: text, retailerId: numericId, name: text, type: text, status: text },
      },
    },
    roles: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9_]+$' } },
    users: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['username'],
        properties: {
          username: { type: 'string', minLength: 1 },
          id: numericId,
          ref: text,
          status: { enum: ['ACTIVE', 'INACTIVE'] },
          roles: { type: 'array', items: { type: 'string' } },
          title: text,
          firstName: text,
          lastName: text,
          primaryEmail: text,
          primaryPhone: text,
          type: text,
          department: text,
          country: text,
          timezone: text,
          language: text,
        },
      },
    },
    settings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'context', 'contextId', 'valueType'],
        properties: {
          id: numericId,
          name: { type: 'string', minLength: 1 },
          context: text,
          contextId: { type: 'integer' },
          valueType: text,
          lobValue: {},
          value: text,
        },
      },
    },
  },
};

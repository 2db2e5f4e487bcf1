import { describe, expect, it } from 'vitest';
import { compileSchemaValidator, describePath, SchemaValidationError } from './schema-validator.ts';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { type: 'string' },
    retries: { type: 'integer', minimum: 0, default: 3 },
    mode: { enum: ['fast', 'safe'] },
    users: { type: 'array', items: { type: 'object', required: ['name'] } },
  },
};

describe('compileSchemaValidator', () => {
  const validate = compileSchemaValidator<{ url: string; retries: number }>(schema, 'config.json');

  it('returns the value with schema defaults applied', () => {
    expect(validate({ url: 'x' })).toEqual({ url: 'x', retries: 3 });
  });

  it('lists every problem with its location', () => {
    let failure: unknown;
    try {
      validate({ retries: -1, mode: 'slow', extra: 1, users: [{}] });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SchemaValidationError);
    const { problems, message } = failure as SchemaValidationError;
    expect(problems).toEqual(
      expect.arrayContaining([
        'url is required',
        'extra is not a known property',
        'retries must be >= 0',
        'mode must be one of: "fast", "safe"',
        'users[0].name is required',
      ]),
    );
    expect(message).toMatch(/^Invalid config\.json:\n {2}- /);
  });

  it('names locations the way a reader writes them', () => {
    expect(describePath('')).toBe('(root)');
    expect(describePath('/users/2/roles/0')).toBe('users[2].roles[0]');
    expect(describePath('/a~1b/c~0d')).toBe('a/b.c~d');
  });
});

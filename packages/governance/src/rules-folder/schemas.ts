/**
 * The JSON Schemas shipped in `schemas/` (editors use them through `$schema`), compiled once with ajv. They are
 * imported as modules rather than read from disk, so a bundled build (`pnpm build`) carries them.
 */
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import governanceSchema from '../../schemas/governance.schema.json' with { type: 'json' };
import groupRolesSchema from '../../schemas/group-roles.schema.json' with { type: 'json' };
import roleMappingsSchema from '../../schemas/role-mappings.schema.json' with { type: 'json' };

export type SchemaName = 'governance' | 'role-mappings' | 'group-roles';

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

/** Absolute path of a shipped schema, e.g. for a `$schema` reference or an editor setting. */
export function schemaPath(name: SchemaName): string {
  return fileURLToPath(new URL(`${name}.schema.json`, SCHEMA_DIR));
}

let validators: Map<SchemaName, ValidateFunction> | undefined;

export function schemaValidator(name: SchemaName): ValidateFunction {
  validators ??= compileAll();
  const validator = validators.get(name);
  if (!validator) throw new Error(`no schema named ${name}`);
  return validator;
}

function compileAll(): Map<SchemaName, ValidateFunction> {
  // verbose: errors carry their parent schema, which the messages use to list allowed properties.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    strictTypes: false,
  });
  const schemas: [SchemaName, object][] = [
    ['governance', governanceSchema],
    ['role-mappings', roleMappingsSchema],
    ['group-roles', groupRolesSchema],
  ];
  return new Map(schemas.map(([name, schema]) => [name, ajv.compile(schema)]));
}

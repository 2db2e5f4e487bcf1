/**
 * The JSON Schemas shipped in `schemas/` (editors use them through `$schema`), compiled once with ajv.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

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
  const names: SchemaName[] = ['governance', 'role-mappings', 'group-roles'];
  return new Map(
    names.map((name) => [name, ajv.compile(JSON.parse(readFileSync(schemaPath(name), 'utf8')) as object)]),
  );
}

/**
 * JSON Schema validation with messages a person can act on. Shared by the plugin host (plugin options) and by
 * packages that validate configuration files (the simulator's platform fixtures), so every such error reads alike.
 */
import { Ajv, type ErrorObject } from 'ajv';

export type JsonSchema = Record<string, unknown>;

/** One violation: the JSON pointer of the offending value (or missing property) and the readable line. */
export interface SchemaIssue {
  pointer: string;
  problem: string;
}

/**
 * Thrown when a value does not match its schema; `problems` holds one readable line per violation, `issues` the
 * same lines with their JSON pointers, so a caller that kept the source text can name a line and column.
 */
export class SchemaValidationError extends Error {
  readonly problems: string[];
  readonly issues: SchemaIssue[];

  constructor(subject: string, issues: SchemaIssue[]) {
    const problems = issues.map((issue) => issue.problem);
    super(`Invalid ${subject}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SchemaValidationError';
    this.problems = problems;
    this.issues = issues;
  }
}

/**
 * Compiles `schema` once and returns a function that checks a value against it, returning the value typed as `T`
 * or throwing a SchemaValidationError that names `subject` and every offending location.
 * `describeLocation` turns a JSON pointer into a name the reader knows (e.g. `option "timeoutMs"`).
 */
export function compileSchemaValidator<T>(
  schema: JsonSchema,
  subject: string,
  describeLocation: (path: string) => string = describePath,
): (value: unknown) => T {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
  const validate = ajv.compile(schema);
  return (value) => {
    if (validate(value)) return value as T;
    const issues = new Map<string, SchemaIssue>();
    for (const error of validate.errors ?? []) {
      const problem = describeError(error, describeLocation);
      if (!issues.has(problem)) issues.set(problem, { pointer: pointerOf(error), problem });
    }
    throw new SchemaValidationError(subject, [...issues.values()]);
  };
}

/** `/users/2/roles/0` -> `users[2].roles[0]`; the root is `(root)`. */
export function describePath(pointer: string): string {
  if (pointer === '') return '(root)';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    out += /^\d+$/.test(segment) ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Where the violation is: the missing or unknown property itself, else the value that failed. */
function pointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `${error.instancePath}/${String(params.missingProperty)}`;
  if (error.keyword === 'additionalProperties')
    return `${error.instancePath}/${String(params.additionalProperty)}`;
  return error.instancePath;
}

function describeError(error: ErrorObject, describeLocation: (path: string) => string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${describeLocation(`${error.instancePath}/${String(params.missingProperty)}`)} is required`;
    case 'additionalProperties':
      return `${describeLocation(`${error.instancePath}/${String(params.additionalProperty)}`)} is not a known property`;
    case 'enum':
      return `${describeLocation(error.instancePath)} must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `${describeLocation(error.instancePath)} must be of type ${String(params.type)}`;
    default:
      return `${describeLocation(error.instancePath)} ${error.message ?? 'is invalid'}`;
  }
}

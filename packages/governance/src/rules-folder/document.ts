/**
 * One rules document from text to typed value: JSON syntax, then the shipped JSON Schema, then the checks a
 * schema cannot express (role names, duplicates). Every problem found at the first failing stage is reported.
 */
import type { RuleProblem } from '../types.ts';
import { type Finding, placeFindings } from './finding.ts';
import { type LocatedJson, parseLocatedJson } from './located-json.ts';
import { schemaFindings } from './schema-messages.ts';
import { type SchemaName, schemaValidator } from './schemas.ts';

export interface DocumentSpec<T> {
  schema: SchemaName;
  /** Runs on a schema-valid value: returns the typed value and anything else wrong with it. */
  check(value: unknown): { value: T; findings: Finding[] };
}

/** `json` is the document as read, to place later findings (scim-rules validate's review) at a line and column. */
export type DocumentResult<T> =
  | { ok: true; value: T; json?: LocatedJson }
  | { ok: false; problems: RuleProblem[] };

export function checkDocument<T>(spec: DocumentSpec<T>, text: string, file: string): DocumentResult<T> {
  const parsed = parseLocatedJson(text);
  if (!parsed.ok) {
    const { line, column } = parsed.position;
    return {
      ok: false,
      problems: [{ file, pointer: '', line, column, message: `invalid JSON: ${parsed.message}` }],
    };
  }
  const validate = schemaValidator(spec.schema);
  if (!validate(parsed.json.value)) {
    return { ok: false, problems: placeFindings(file, parsed.json, schemaFindings(validate.errors ?? [])) };
  }
  const checked = spec.check(parsed.json.value);
  if (checked.findings.length > 0) {
    return { ok: false, problems: placeFindings(file, parsed.json, checked.findings) };
  }
  return { ok: true, value: checked.value, json: parsed.json };
}

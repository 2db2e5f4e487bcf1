/**
 * A problem found in a JSON document, by pointer, before it is placed at a line and column.
 */
import type { RuleProblem } from '../types.ts';
import { type LocatedJson, locateInsideString, locatePointer } from './located-json.ts';

export interface Finding {
  pointer: string;
  message: string;
  /** Point at the property's key rather than its value (unknown properties). */
  atKey?: boolean;
  /** Point at this character inside the string value (a role name's parse error offset). */
  stringIndex?: number;
}

export function placeFindings(file: string, json: LocatedJson, findings: readonly Finding[]): RuleProblem[] {
  return findings.map((finding) => {
    const position =
      finding.stringIndex !== undefined
        ? locateInsideString(json, finding.pointer, finding.stringIndex)
        : locatePointer(json, finding.pointer, finding.atKey);
    return {
      file,
      pointer: finding.pointer,
      line: position.line,
      column: position.column,
      message: finding.message,
    };
  });
}

/** JSON pointer of an array item or object property below `parent`. */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/**
 * role-mappings.json, in the platform's own pipeline-config format (docs/rules.md, "role-mappings.json and the
 * platform setting"), so the value of the platform's role-mapping setting can be pasted in, or read from the platform as
 * is. Which setting that is, the platform plugin knows; governance only reads its value.
 */
import { parseRoleId, parseRoleName } from '@scim-connector/role-grammar';
import type { RoleMappingRule, RoleMappings } from '../types.ts';
import { checkDocument, type DocumentResult, type DocumentSpec } from './document.ts';
import { childPointer, type Finding } from './finding.ts';

export const NO_ROLE_MAPPINGS: RoleMappings = { rules: [], targets: new Map() };

export const roleMappingsDocument: DocumentSpec<RoleMappings> = {
  schema: 'role-mappings',
  check(value) {
    const rules = (value as { rules: RoleMappingRule[] }).rules;
    const findings: Finding[] = [];
    const targets = new Map<string, string[]>();
    const firstIndex = new Map<string, number>();
    rules.forEach((rule, index) => {
      const at = childPointer('/rules', index);
      const appRole = checkNotWholeName(
        rule.condition.appRole,
        childPointer(`${at}/condition`, 'appRole'),
        'appRole is a logical role id, the ROLE part of the role names the IdP sends',
        findings,
      );
      checkRoleId(rule.action.sourceAppRole, childPointer(`${at}/action`, 'sourceAppRole'), findings);
      if (rule.action.sourceAppRole.trim() !== rule.condition.appRole.trim()) {
        findings.push({
          pointer: `${at}/action/sourceAppRole`,
          message: `sourceAppRole '${rule.action.sourceAppRole}' must equal condition.appRole '${rule.condition.appRole}'`,
        });
      }
      const roles = rule.action.targetRoles
        .map((role, roleIndex) =>
          checkNotWholeName(
            role,
            `${at}/action/targetRoles/${roleIndex}`,
            "targetRoles are role ids in the logical role's context",
            findings,
          ),
        )
        .filter((role): role is string => role !== undefined);
      if (appRole === undefined) return;
      const first = firstIndex.get(appRole);
      if (first !== undefined) {
        findings.push({
          pointer: `${at}/condition/appRole`,
          message: `logical role '${appRole}' is already mapped by /rules/${first}: merge the two rules`,
        });
        return;
      }
      firstIndex.set(appRole, index);
      targets.set(appRole, [...new Set(roles)]);
    });
    return { value: { rules, targets }, findings };
  },
};

/**
 * A target is a role id in the logical role's own context. One written as a whole role name (`AGENT_134_STORE`)
 * would become `AGENT_1_AGENT_134_STORE` for a user at location 1: a role no platform has, found only at sync time.
 * A logical role id written as a whole role name (`AGENT_134_Store_Colleague`) matches no role the IdP sends, whose
 * ROLE part is `Store_Colleague`: the mapping would never apply.
 */
function checkNotWholeName(
  text: string,
  pointer: string,
  rule: string,
  findings: Finding[],
): string | undefined {
  const whole = parseRoleName(text);
  if (whole.ok) {
    findings.push({
      pointer,
      message: `'${text}' is a whole role name, but ${rule}: write '${whole.value.role}'`,
    });
    return undefined;
  }
  return checkRoleId(text, pointer, findings);
}

function checkRoleId(text: string, pointer: string, findings: Finding[]): string | undefined {
  const parsed = parseRoleId(text);
  if (parsed.ok) return parsed.value;
  findings.push({
    pointer,
    stringIndex: parsed.error.offset,
    message: `'${text}' is not a valid role id: ${parsed.error.message} (character ${parsed.error.offset})`,
  });
  return undefined;
}

/**
 * Builds mappings from the platform setting's value (the setting's JSON `lobValue`, or a JSON string), validated
 * exactly like role-mappings.json. Problems are placed in the value printed as indented JSON, under `label`.
 */
export function roleMappingsFromSetting(
  value: unknown,
  label = 'the platform role-mapping setting',
): DocumentResult<RoleMappings> {
  if (value === undefined || value === null) return { ok: true, value: NO_ROLE_MAPPINGS };
  let text: string | undefined;
  let reason = 'it is not a JSON value';
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  } catch (error) {
    // A value nested too deeply for JSON.stringify, or one that is not JSON at all: report it, never throw.
    if (error instanceof RangeError) reason = 'it is nested too deeply';
  }
  if (text === undefined) {
    const message = `cannot read the value as JSON: ${reason}`;
    return { ok: false, problems: [{ file: label, pointer: '', line: 1, column: 1, message }] };
  }
  return checkDocument(roleMappingsDocument, text, label);
}

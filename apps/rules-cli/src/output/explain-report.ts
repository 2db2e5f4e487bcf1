/** The human form of `explain`: one block per step of the user's story, then where they ended up. */
import type {
  ConditionTrace,
  EffectiveRole,
  FiredRule,
  RoleSource,
  UnresolvedRole,
} from '@scim-connector/governance';
import type { StoryDecision, StoryStep, UserStory } from '../explain/user-story.ts';
import type { PlatformUserState } from '../replay/replay-session.ts';
import { describeChanges, describeWithheld } from '../simulation/decision-details.ts';
import { describeUserType, describeUserTypeDecision } from '../simulation/user-type-text.ts';
import { type Paint, paint } from './paint.ts';
import { paintOutcome, plural } from './simulate-report.ts';
import { renderTable } from './table.ts';

export function renderUserStory(story: UserStory, color: boolean): string {
  const p = paint(color);
  const decided = story.steps.filter((step) => step.decision).length;
  const head = p.bold(
    `${story.userName}: ${plural(story.steps.length, 'event')} touched this user, ${plural(decided, 'decision')}`,
  );
  const blocks = story.steps.map((step) => renderStep(step, p));
  return `${head}\n\n${blocks.join('\n')}\n${p.bold('result')}: ${describeAccount(story.platform)}\n`;
}

function renderStep(step: StoryStep, p: Paint): string {
  const answer = step.rejection
    ? p.red(`${step.status} rejected: ${step.rejection.detail}`)
    : String(step.status);
  const lines = [p.bold(`line ${step.line}: ${step.method} ${step.path} -> ${answer}`)];
  if (step.decision) lines.push(...renderDecision(step.decision, p));
  lines.push(`  platform after: ${describeAccount(step.platform)}`);
  return `${lines.join('\n')}\n`;
}

function renderDecision(decision: StoryDecision, p: Paint): string[] {
  const { facts } = decision;
  const reasons = decision.reasons.length > 0 ? ` (${decision.reasons.join(', ')})` : '';
  const lines = [
    `  decision: ${paintOutcome(p, decision.outcome)}${reasons} on ${decision.trigger}, decided by ${decision.decidedBy.join(', ') || 'no rule'}`,
    '  facts:',
    `    user      active=${facts.user.active} deleted=${facts.user.deleted} groups=${list(facts.user.groups)}`,
    `    platform  exists=${facts.platform.exists} linked=${facts.platform.linked} status=${facts.platform.status ?? '-'}`,
    `    roles     direct=${list(facts.roles.direct)} inherited=${list(facts.roles.inherited)}`,
    `              effective=${list(facts.roles.effective)} unresolved=${facts.roles.unresolvedCount}`,
    `    drift     ${facts.drift.any ? `add ${facts.drift.addRoles}, remove ${facts.drift.removeRoles}, status ${facts.drift.status}, profile ${facts.drift.profile}` : 'none'}`,
  ];
  if (decision.roles.length > 0) {
    lines.push('  roles:', indent(renderTable(['ROLE', 'SOURCES'], decision.roles.map(roleRow)), 4));
  }
  if (decision.unresolved.length > 0) {
    lines.push(
      p.red('  not resolved:'),
      indent(renderTable(['NAME', 'SOURCE', 'REASON', 'WHY'], decision.unresolved.map(unresolvedRow)), 4),
    );
  }
  lines.push(`  user type: ${describeUserTypeDecision(decision.userType)}`);
  lines.push('  rules fired:');
  if (decision.firedRules.length === 0) lines.push('    none');
  for (const rule of decision.firedRules) lines.push(...renderRule(rule, decision.decidedBy, p));
  lines.push(
    `  platform changes: ${describeChanges(decision.changes)}${decision.changes.applied ? '' : ' (nothing pushed)'}`,
  );
  const withheld = describeWithheld(decision.changes);
  if (withheld !== undefined) lines.push(p.red(`  ${withheld}`));
  if (decision.changes.removeRoles.length > 0 && decision.outcome !== 'deactivate') {
    lines.push(`  revoked (no source grants them any more): ${decision.changes.removeRoles.join(', ')}`);
  }
  if (decision.pushFailure) lines.push(p.red(`  push refused by the platform: ${decision.pushFailure}`));
  return lines;
}

function renderRule(rule: FiredRule, decidedBy: readonly string[], p: Paint): string[] {
  const mark = decidedBy.includes(rule.name) ? p.bold(' (decided)') : '';
  const reason = typeof rule.event.params.reason === 'string' ? ` ${rule.event.params.reason}` : '';
  return [
    `    ${rule.name}${mark}: ${rule.event.type}${reason}, priority ${rule.priority}`,
    ...renderTrace(rule.conditions, 6),
  ];
}

function renderTrace(trace: ConditionTrace, depth: number): string[] {
  const pad = ' '.repeat(depth);
  const mark = trace.result ? 'yes' : 'no ';
  if ('all' in trace)
    return [`${pad}${mark} all of:`, ...trace.all.flatMap((inner) => renderTrace(inner, depth + 2))];
  if ('any' in trace)
    return [`${pad}${mark} any of:`, ...trace.any.flatMap((inner) => renderTrace(inner, depth + 2))];
  if ('not' in trace) return [`${pad}${mark} not:`, ...renderTrace(trace.not, depth + 2)];
  const path = trace.path ? ` ${trace.path}` : '';
  return [
    `${pad}${mark} ${trace.fact}${path} ${trace.operator} ${JSON.stringify(trace.value)} (was ${JSON.stringify(trace.factResult)})`,
  ];
}

function roleRow(role: EffectiveRole): string[] {
  return [role.name, role.sources.map(describeSource).join('; ')];
}

export function describeSource(source: RoleSource): string {
  const mapping = source.mapping ? ` mapped from logical role ${source.mapping.logicalRole}` : '';
  if (source.type === 'direct') return `direct ${source.name}${mapping}`;
  const via =
    source.via === 'displayName'
      ? 'its name'
      : source.via === 'group-roles'
        ? 'group-roles.json'
        : 'its roles extension';
  return `group "${source.group.displayName}" via ${via} (${source.name})${mapping}`;
}

function unresolvedRow(role: UnresolvedRole): string[] {
  const source = role.source === 'group' && role.group ? `group "${role.group.displayName}"` : role.source;
  return [role.name, source, role.reason, role.message];
}

function describeAccount(account: PlatformUserState | undefined): string {
  if (!account) return 'no platform account';
  return `${account.status}, type ${describeUserType(account.userType)}, roles ${list(account.roles)}`;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : items.join(', ');
}

function indent(text: string, width: number): string {
  const pad = ' '.repeat(width);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

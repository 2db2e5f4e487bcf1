/**
 * The platform's settings, as Fluent's Settings API has them: one per name and context, values as `lobValue` JSON
 * or a typed `value` string.
 */
import { checkOneOf, invalid, requireText } from './field-rules.ts';
import { FluentError, FluentErrorCode } from './fluent-error.ts';
import type { CreateSettingInput, UpdateSettingInput } from './inputs.ts';
import { byNumericId, type TextFilter } from './list-helpers.ts';
import { SETTING_CONTEXTS, SETTING_VALUE_TYPES, type Setting } from './types.ts';
import { matchesAny } from './wildcard.ts';

export interface SettingFilter {
  name?: TextFilter;
  valueType?: TextFilter;
  value?: TextFilter;
  context?: TextFilter;
  contextId?: readonly number[] | null;
}

export class Settings {
  private readonly byId = new Map<string, Setting>();
  private nextId = 1;

  create(input: CreateSettingInput | null | undefined, seeded: { id?: string } = {}): Setting {
    const op = 'createSetting';
    if (!input) throw invalid(op, '"input" is required');
    const setting: Setting = {
      id: seeded.id ?? String(this.nextId),
      ...settingFields(op, input, requireText(op, 'name', input.name)),
    };
    if (this.byId.has(setting.id)) {
      throw new FluentError(FluentErrorCode.alreadyExists, `${op}: setting id ${setting.id} is taken`);
    }
    this.assertKeyFree(op, setting);
    if (/^\d+$/.test(setting.id)) this.nextId = Math.max(this.nextId, Number(setting.id) + 1);
    this.byId.set(setting.id, setting);
    return setting;
  }

  update(input: UpdateSettingInput | null | undefined): Setting {
    const op = 'updateSetting';
    if (!input) throw invalid(op, '"input" is required');
    const existing = this.byId.get(String(input.id));
    if (!existing) throw new FluentError(FluentErrorCode.notFound, `${op}: no setting with id ${input.id}`);
    const name = input.name != null ? requireText(op, 'name', input.name) : existing.name;
    const updated: Setting = { id: existing.id, ...settingFields(op, input, name) };
    if (input.lobValue === undefined && input.value == null) {
      updated.lobValue = existing.lobValue;
      updated.value = existing.value;
    }
    this.assertKeyFree(op, updated);
    this.byId.set(existing.id, updated);
    return updated;
  }

  get(id: string): Readonly<Setting> | undefined {
    return this.byId.get(id);
  }

  list(filter: SettingFilter = {}): Readonly<Setting>[] {
    return byNumericId([...this.byId.values()]).filter(
      (setting) =>
        (!filter.name || matchesAny(setting.name, filter.name)) &&
        (!filter.valueType || matchesAny(setting.valueType, filter.valueType)) &&
        (!filter.value || matchesAny(setting.value, filter.value)) &&
        (!filter.context || matchesAny(setting.context, filter.context)) &&
        (!filter.contextId || filter.contextId.includes(setting.contextId)),
    );
  }

  /**
   * A setting's value as JSON: `lobValue` when set, else `value` read by its valueType (INTEGER -> number,
   * BOOLEAN -> boolean, JSON -> parsed). Without a context the account-level setting is read.
   */
  readValue(name: string, context?: { contextType: string; contextId: string }): unknown {
    const matches = this.list({ name: [name], context: [context?.contextType ?? 'ACCOUNT'] }).filter(
      (setting) => !context || String(setting.contextId) === context.contextId,
    );
    const setting = matches.find((candidate) => candidate.contextId === 0) ?? matches[0];
    return setting && settingValue(setting);
  }

  /** Fluent refuses two settings with one name at the same context ("ConstraintViolationException"). */
  private assertKeyFree(op: string, setting: Setting): void {
    for (const other of this.byId.values()) {
      if (
        other.id !== setting.id &&
        other.name === setting.name &&
        other.context === setting.context &&
        other.contextId === setting.contextId
      ) {
        throw new FluentError(
          FluentErrorCode.alreadyExists,
          `${op}: setting "${setting.name}" already exists at ${setting.context} ${setting.contextId} (id ${other.id})`,
        );
      }
    }
  }
}

function settingFields(op: string, input: CreateSettingInput | UpdateSettingInput, name: string) {
  const fields: Omit<Setting, 'id'> = {
    name,
    valueType: checkOneOf(op, 'valueType', String(input.valueType), SETTING_VALUE_TYPES),
    context: checkOneOf(op, 'context', String(input.context), SETTING_CONTEXTS),
    contextId: input.contextId,
  };
  if (input.lobValue !== undefined && input.lobValue !== null) fields.lobValue = input.lobValue;
  if (input.value !== undefined && input.value !== null) fields.value = input.value;
  return fields;
}

function settingValue(setting: Setting): unknown {
  if (setting.lobValue !== undefined) return setting.lobValue;
  const { value } = setting;
  if (value === undefined) return undefined;
  switch (setting.valueType) {
    case 'INTEGER':
      return Number(value);
    case 'BOOLEAN':
      return value === 'true';
    case 'JSON':
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    default:
      return value;
  }
}

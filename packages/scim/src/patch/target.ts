/**
 * Resolves a PATCH path against the resource's schema: which attribute it names, where that attribute lives (the
 * core object or an extension's URN key), and the value filter and sub-attribute it narrows to. Anything that
 * names no declared attribute is a 400 invalidPath: after normalisation the engine is strict and never ignores
 * a path silently.
 */
import { invalidPath } from '../errors.ts';
import type { Filter, PatchPath } from '../filter/ast.ts';
import { printPatchPath } from '../filter/index.ts';
import {
  type AttributeDefinition,
  findAttribute,
  findNamed,
  type ResourceTypeName,
} from '../schema/index.ts';

export interface Target {
  /** The extension URN whose object holds the attribute; undefined for core attributes. */
  extensionUri?: string;
  attribute: AttributeDefinition;
  /** Selects elements of a multi-valued attribute; paths inside are relative to one element. */
  filter?: Filter;
  sub?: AttributeDefinition;
  /** The path as the client meant it, for error details. */
  text: string;
}

export function resolveTarget(resourceType: ResourceTypeName, patchPath: PatchPath): Target {
  const text = printPatchPath(patchPath);
  const { path, filter } = patchPath;
  if (filter !== undefined && path.sub !== undefined) {
    throw invalidPath(
      `The path "${text}" puts a value filter after a sub-attribute; write attr[filter].sub.`,
    );
  }
  const subName = filter !== undefined ? patchPath.sub : path.sub;
  const found = findAttribute(resourceType, { ...(path.uri ? { uri: path.uri } : {}), attr: path.attr });
  if (found === undefined) {
    throw invalidPath(
      `The path "${text}" names no attribute of the ${resourceType} resource; check the spelling and, for ` +
        'extension attributes, the schema URN prefix.',
    );
  }
  const { attribute } = found;
  const target: Target = { attribute, text, ...(found.extension ? { extensionUri: found.schema.id } : {}) };

  if (filter !== undefined) {
    if (!attribute.multiValued || attribute.type !== 'complex') {
      throw invalidPath(
        `The path "${text}" filters "${attribute.name}", but value filters apply only to multi-valued complex ` +
          'attributes such as emails or members.',
      );
    }
    checkFilterNames(filter, attribute, text);
    target.filter = filter;
  }
  if (subName !== undefined) {
    const sub = findNamed(attribute.subAttributes, subName);
    if (sub === undefined) {
      throw invalidPath(
        `The path "${text}" names no sub-attribute of "${attribute.name}"` +
          (attribute.subAttributes
            ? `; it has ${attribute.subAttributes.map((s) => s.name).join(', ')}.`
            : ', which has none.'),
      );
    }
    target.sub = sub;
  }
  return target;
}

/** Every attribute a value filter compares must be a sub-attribute of the filtered attribute. */
function checkFilterNames(filter: Filter, attribute: AttributeDefinition, text: string): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      checkFilterNames(filter.left, attribute, text);
      checkFilterNames(filter.right, attribute, text);
      return;
    case 'not':
      checkFilterNames(filter.filter, attribute, text);
      return;
    case 'valuePath':
      throw invalidPath(
        `The path "${text}" nests a value filter inside a value filter, which SCIM does not allow.`,
      );
    case 'compare':
    case 'present':
      if (
        filter.path.sub !== undefined ||
        findNamed(attribute.subAttributes, filter.path.attr) === undefined
      ) {
        throw invalidPath(
          `The filter in "${text}" compares "${filter.path.attr}${filter.path.sub ? `.${filter.path.sub}` : ''}", ` +
            `which is not a sub-attribute of "${attribute.name}".`,
        );
      }
  }
}

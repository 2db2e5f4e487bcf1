/**
 * Where an attribute's value lives in a canonical resource: a top-level key for core attributes, a key inside
 * the extension's URN object for extension attributes. Writing an extension attribute lists the URN in
 * `schemas`; removing its last attribute drops the URN object and the listing, so the resource never carries
 * an empty extension.
 */
import type { ResourceJson } from '../store/port.ts';
import { isPlainObject } from './json.ts';

export interface Slot {
  get(): unknown;
  /** `undefined` removes the attribute. */
  set(value: unknown): void;
}

export function slotFor(resource: ResourceJson, name: string, extensionUri: string | undefined): Slot {
  if (extensionUri === undefined) {
    return {
      get: () => resource[name],
      set: (value) => {
        if (value === undefined) delete resource[name];
        else resource[name] = value;
      },
    };
  }
  return {
    get: () => {
      const extension = resource[extensionUri];
      return isPlainObject(extension) ? extension[name] : undefined;
    },
    set: (value) => {
      const current = resource[extensionUri];
      if (value === undefined && !isPlainObject(current)) return;
      const extension = isPlainObject(current) ? current : {};
      if (value === undefined) delete extension[name];
      else extension[name] = value;
      if (Object.keys(extension).length === 0) {
        delete resource[extensionUri];
        listSchema(resource, extensionUri, false);
      } else {
        resource[extensionUri] = extension;
        listSchema(resource, extensionUri, true);
      }
    },
  };
}

/** Keeps `schemas` in step with the extensions present; a resource without a `schemas` array is left alone. */
function listSchema(resource: ResourceJson, uri: string, present: boolean): void {
  const schemas = resource.schemas;
  if (!Array.isArray(schemas)) return;
  const wanted = uri.toLowerCase();
  const listed = schemas.some((entry) => typeof entry === 'string' && entry.toLowerCase() === wanted);
  if (present && !listed) resource.schemas = [...schemas, uri];
  if (!present && listed) {
    resource.schemas = schemas.filter(
      (entry) => !(typeof entry === 'string' && entry.toLowerCase() === wanted),
    );
  }
}

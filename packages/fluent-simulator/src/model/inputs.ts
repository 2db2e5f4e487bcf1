/** Mutation inputs, shaped like Fluent's GraphQL input types (users, role assignments and settings). */

export interface RoleContextInput {
  contextType: string;
  contextId: string;
}

export interface UserRoleInput {
  role: { name: string };
  contexts: RoleContextInput[];
}

export interface AttributeInput {
  name: string;
  type: string;
  value: unknown;
}

/** Optional fields; `null` is treated like absent (no change). */
export interface UserProfileInput {
  ref?: string | null;
  title?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  primaryEmail?: string | null;
  primaryPhone?: string | null;
  type?: string | null;
  apiKey?: string | null;
  attributes?: AttributeInput[] | null;
  department?: string | null;
  country?: string | null;
  timezone?: string | null;
  language?: { value: string; label?: string | null } | null;
  promotionOptIn?: boolean | null;
  primaryRetailer?: { id: string } | null;
  primaryLocation?: { id: string } | null;
  roles?: UserRoleInput[] | null;
  password?: string | null;
}

export interface CreateUserInput extends UserProfileInput {
  ref: string;
  username: string;
  password: string;
  primaryEmail: string;
  type: string;
  timezone: string;
}

export interface UpdateUserInput extends UserProfileInput {
  id: string;
  status?: string | null;
}

export interface RemoveUserRolesFromUserInput {
  user: { id?: string | null; username?: string | null };
  roles: UserRoleInput[];
}

export interface CreateRoleInput {
  name: string;
  permissions?: { name: string }[] | null;
}

export interface CreateSettingInput {
  name: string;
  valueType: string;
  lobValue?: unknown;
  value?: string | null;
  context: string;
  contextId: number;
}

export interface UpdateSettingInput {
  id: string;
  name?: string | null;
  valueType: string;
  lobValue?: unknown;
  value?: string | null;
  context: string;
  contextId: number;
}

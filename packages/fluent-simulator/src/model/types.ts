/** The platform's entities as the simulator stores them; shaped like the GraphQL types they are served as. */

export type UserStatus = 'ACTIVE' | 'INACTIVE';

/** Context types a role can be assigned in (AGENT = a location). */
export const ROLE_CONTEXT_TYPES = ['ACCOUNT', 'RETAILER', 'AGENT'] as const;
export type RoleContextType = (typeof ROLE_CONTEXT_TYPES)[number];

export const USER_TYPES = ['ADMIN', 'RETAILER', 'LOCATION', 'API', 'AGENT', 'SUPPORT'] as const;
export const SETTING_VALUE_TYPES = ['LOB', 'STRING', 'INTEGER', 'BOOLEAN', 'JSON'] as const;
export const SETTING_CONTEXTS = ['GLOBAL', 'ACCOUNT', 'RETAILER', 'AGENT', 'CUSTOMER'] as const;

export interface Role {
  id: string;
  name: string;
  permissions: { name: string }[];
}

export interface RoleContext {
  contextType: RoleContextType;
  contextId: string;
}

export interface UserRole {
  roleName: string;
  contexts: RoleContext[];
}

export interface Attribute {
  name: string;
  type: string;
  value: unknown;
}

export interface User {
  id: string;
  /** Creation order; users are listed newest first and paged by it. */
  seq: number;
  ref: string;
  username: string;
  title?: string;
  firstName?: string;
  lastName?: string;
  primaryEmail: string;
  primaryPhone?: string;
  type: string;
  status: UserStatus;
  attributes: Attribute[];
  department?: string;
  country?: string;
  timezone: string;
  language?: { value: string; label?: string };
  promotionOptIn?: boolean;
  apiKey?: string;
  primaryRetailerId?: string;
  primaryLocationId?: string;
  createdOn: string;
  updatedOn: string;
  roles: UserRole[];
}

export interface Retailer {
  id: string;
  ref: string;
  tradingName?: string;
  status: string;
}

export interface Location {
  id: string;
  ref: string;
  name?: string;
  type?: string;
  retailerId?: string;
  status: string;
}

export interface Account {
  id: string;
}

export interface Setting {
  id: string;
  name: string;
  valueType: string;
  value?: string;
  lobValue?: unknown;
  context: string;
  contextId: number;
}

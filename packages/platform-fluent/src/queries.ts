/**
 * The GraphQL documents the client sends, in one place, so the Fluent API subset the plugin relies on can be read
 * at a glance: users, their role assignments and settings.
 */
import { USER_FIELDS } from './fluent-user.ts';

export const FIND_USERS = `
query FindUsers($username: [String!], $first: Int, $after: String) {
  users(username: $username, first: $first, after: $after) {
    edges { cursor node { ${USER_FIELDS} } }
    pageInfo { hasNextPage }
  }
}`;

/** Every account, newest first as Fluent lists them; the reconciliation pages through it. */
export const LIST_USERS = `
query ListUsers($first: Int, $after: String) {
  users(first: $first, after: $after) {
    edges { cursor node { ${USER_FIELDS} } }
    pageInfo { hasNextPage }
  }
}`;

export const CREATE_USER = `
mutation CreateUser($input: CreateUserInput) {
  createUser(input: $input) { ${USER_FIELDS} }
}`;

export const UPDATE_USER = `
mutation UpdateUser($input: UpdateUserInput) {
  updateUser(input: $input) { ${USER_FIELDS} }
}`;

/** `updateUser` with `roles` only: Fluent merges them into the user's roles (add-only). */
export const ADD_USER_ROLES = `
mutation AddUserRoles($input: UpdateUserInput) {
  updateUser(input: $input) { id }
}`;

export const REMOVE_USER_ROLES = `
mutation RemoveUserRoles($input: RemoveUserRolesFromUserInput) {
  removeUserRolesFromUser(input: $input) { status }
}`;

export const LIST_ROLES = `
query ListRoles($first: Int, $after: String) {
  roles(first: $first, after: $after) {
    edges { cursor node { name } }
    pageInfo { hasNextPage }
  }
}`;

export const RETAILER_BY_ID = `
query RetailerById($id: ID!) {
  retailer(id: $id) { id }
}`;

/** AGENT contexts are locations. */
export const LOCATION_BY_ID = `
query LocationById($id: ID!) {
  location(id: $id) { id }
}`;

/** Every retailer of the account, for the catalogue export. */
export const LIST_RETAILERS = `
query ListRetailers($first: Int, $after: String) {
  retailers(first: $first, after: $after) {
    edges { cursor node { id ref tradingName status } }
    pageInfo { hasNextPage }
  }
}`;

/** Every location (AGENT context) of the account, with its retailer, for the catalogue export. */
export const LIST_LOCATIONS = `
query ListLocations($first: Int, $after: String) {
  locations(first: $first, after: $after) {
    edges { cursor node { id ref name type status retailer { id } } }
    pageInfo { hasNextPage }
  }
}`;

export const FIND_SETTINGS = `
query FindSettings($name: [String], $context: [String!], $contextId: [Int!], $first: Int) {
  settings(name: $name, context: $context, contextId: $contextId, first: $first) {
    edges { node { name valueType value lobValue context contextId } }
  }
}`;

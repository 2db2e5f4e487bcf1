/**
 * The subset of Fluent's GraphQL schema the simulator serves (users, roles, settings), in SDL. Field names,
 * argument lists and nullability follow the platform's schema, so a query written against Fluent runs here.
 */
export const fluentSdl = /* GraphQL */ `
  scalar Json
  scalar DateTime

  type Query {
    user(id: ID, username: String): User
    userById(id: ID!): User
    users(
      ref: [String!]
      username: [String!]
      title: [String]
      firstName: [String]
      lastName: [String]
      primaryEmail: [String]
      primaryPhone: [String]
      type: [String!]
      status: [String]
      department: [String]
      country: [String]
      timezone: [String]
      promotionOptIn: [Boolean]
      createdOn: DateRange
      updatedOn: DateRange
      first: Int
      last: Int
      before: String
      after: String
    ): UserConnection
    role(name: String!): Role
    roles(name: [String!], first: Int, last: Int, before: String, after: String): RoleConnection
    setting(id: ID): Setting
    settings(
      name: [String]
      valueType: [String]
      value: [String]
      context: [String!]
      contextId: [Int!]
      first: Int
      last: Int
      before: String
      after: String
    ): SettingConnection
    retailer(id: ID!): Retailer
    retailers(ref: [String!], first: Int, last: Int, before: String, after: String): RetailerConnection
    location(id: ID!): Location
    locations(
      ref: [String!]
      retailerId: [ID!]
      first: Int
      last: Int
      before: String
      after: String
    ): LocationConnection
  }

  type Mutation {
    createUser(input: CreateUserInput): User
    updateUser(input: UpdateUserInput): User
    removeUserRolesFromUser(input: RemoveUserRolesFromUserInput): RemoveUserRolesFromUserOutput
    createRole(input: CreateRoleInput): Role
    createSetting(input: CreateSettingInput): Setting
    updateSetting(input: UpdateSettingInput): Setting
  }

  type PageInfo {
    hasPreviousPage: Boolean
    hasNextPage: Boolean
  }

  type User {
    id: ID!
    ref: String!
    username: String!
    title: String
    firstName: String
    lastName: String
    primaryEmail: String
    primaryPhone: String
    type: String!
    status: String
    attributes: [Attribute]
    department: String
    country: String
    timezone: String
    language: SettingValueType
    promotionOptIn: Boolean
    primaryRetailer: Retailer
    primaryLocation: Location
    createdOn: DateTime
    updatedOn: DateTime
    roles: [UserRole]
  }
  type UserConnection {
    edges: [UserEdge]
    pageInfo: PageInfo
  }
  type UserEdge {
    node: User
    cursor: String
  }

  type Attribute {
    name: String!
    type: String!
    value: Json!
  }
  type SettingValueType {
    value: String
    label: String
  }

  type Permission {
    name: String!
  }
  type Role {
    id: ID!
    name: String!
    permissions: [Permission]
  }
  type RoleConnection {
    edges: [RoleEdge]
    pageInfo: PageInfo
  }
  type RoleEdge {
    node: Role
    cursor: String
  }
  type UserRole {
    role: Role!
    contexts: [RoleContext]!
  }
  type RoleContext {
    contextType: String!
    contextId: ID!
  }
  type RemoveUserRolesFromUserOutput {
    status: String
  }

  type Retailer {
    id: ID!
    ref: String
    tradingName: String
    status: String
  }
  type RetailerConnection {
    edges: [RetailerEdge]
    pageInfo: PageInfo
  }
  type RetailerEdge {
    node: Retailer
    cursor: String
  }
  type Location {
    id: ID!
    ref: String
    name: String
    type: String
    status: String
    retailer: Retailer
  }
  type LocationConnection {
    edges: [LocationEdge]
    pageInfo: PageInfo
  }
  type LocationEdge {
    node: Location
    cursor: String
  }

  type Setting {
    id: ID!
    name: String
    valueType: String
    lobValue: Json
    value: String
    context: String!
    contextId: Int!
  }
  type SettingConnection {
    edges: [SettingEdge]
    pageInfo: PageInfo
  }
  type SettingEdge {
    node: Setting
    cursor: String
  }

  input DateRange {
    from: DateTime
    to: DateTime
  }
  input RoleKey {
    name: String!
  }
  input RoleContextInput {
    contextType: String!
    contextId: ID!
  }
  input UserRoleInput {
    role: RoleKey!
    contexts: [RoleContextInput!]!
  }
  input AttributeInput {
    name: String!
    type: String!
    value: Json!
  }
  input SettingValueTypeInput {
    value: String!
    label: String
  }
  input RetailerId {
    id: ID!
  }
  input LocationId {
    id: ID!
  }
  input CreateUserInput {
    ref: String!
    username: String!
    password: String!
    title: String
    firstName: String
    lastName: String
    primaryEmail: String!
    primaryPhone: String
    type: String!
    apiKey: String
    attributes: [AttributeInput]
    department: String
    country: String
    timezone: String!
    language: SettingValueTypeInput
    promotionOptIn: Boolean
    primaryRetailer: RetailerId
    primaryLocation: LocationId
    roles: [UserRoleInput]
  }
  input UpdateUserInput {
    id: ID!
    ref: String
    password: String
    title: String
    firstName: String
    lastName: String
    primaryEmail: String
    primaryPhone: String
    type: String
    status: String
    apiKey: String
    attributes: [AttributeInput]
    department: String
    country: String
    timezone: String
    language: SettingValueTypeInput
    promotionOptIn: Boolean
    primaryRetailer: RetailerId
    primaryLocation: LocationId
    roles: [UserRoleInput]
  }
  input UserKey {
    id: ID
    username: String
  }
  input RoleContextKey {
    contextType: String!
    contextId: ID!
  }
  input UserRoleKey {
    role: RoleKey!
    contexts: [RoleContextKey!]!
  }
  input RemoveUserRolesFromUserInput {
    user: UserKey!
    roles: [UserRoleKey!]!
  }
  input PermissionKey {
    name: String!
  }
  input CreateRoleInput {
    name: String!
    permissions: [PermissionKey]
  }
  input CreateSettingInput {
    name: String!
    valueType: String!
    lobValue: Json
    value: String
    context: String!
    contextId: Int!
  }
  input UpdateSettingInput {
    id: ID!
    name: String
    valueType: String!
    lobValue: Json
    value: String
    context: String!
    contextId: Int!
  }
`;

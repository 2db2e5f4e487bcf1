// Placeholder until the grammar lands; the types are the package's public contract.
export type ContextType = 'ACCOUNT' | 'RETAILER' | 'AGENT';
export interface RoleRef {
  contextType: ContextType;
  contextId: string;
  role: string;
}

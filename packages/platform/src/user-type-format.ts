/**
 * A user type as one short text, the way drift findings and the admin CSV show it (docs/admin-api.md, drift.csv):
 * `ADMIN`, `RETAILER:199` (type:primaryRetailer), `LOCATION:134` (type:primaryLocation). The context id is part
 * of it because a RETAILER of another retailer is another account level (docs/architecture.md §4.1).
 */
import type { PlatformUserType } from './contract.ts';

export function formatUserType(userType: PlatformUserType): string {
  switch (userType.type) {
    case 'ADMIN':
      return 'ADMIN';
    case 'RETAILER':
      return `RETAILER:${userType.primaryRetailer}`;
    case 'LOCATION':
      return `LOCATION:${userType.primaryLocation}`;
  }
}

/** A platform user type in one short phrase for people: `RETAILER (primaryRetailer 199)`. */
import type { UserType, UserTypeDecision } from '@scim-connector/governance';

export function describeUserType(userType: UserType | null | undefined): string {
  if (userType === null || userType === undefined) return 'none';
  switch (userType.type) {
    case 'ADMIN':
      return 'ADMIN';
    case 'RETAILER':
      return `RETAILER (primaryRetailer ${userType.primaryRetailer})`;
    case 'LOCATION':
      return `LOCATION (primaryLocation ${userType.primaryLocation})`;
  }
}

/** What decided the type: `RETAILER (primaryRetailer 199), by userTypes[1] from role RETAILER_199_STORE`. */
export function describeUserTypeDecision(decision: UserTypeDecision | null): string {
  if (decision === null) return 'none decided: no userTypes entry applies';
  const by = `userTypes[${decision.entry}]`;
  const from =
    decision.from === 'idp'
      ? ` from the IdP's userType "${decision.idpUserType ?? ''}"`
      : decision.role === undefined
        ? ''
        : ` from role ${decision.role}`;
  return `${describeUserType(decision.userType)}, by ${by}${from}`;
}

import { describe, expect, it } from 'vitest';
import { routePattern } from './metrics.ts';

describe('routePattern', () => {
  it.each([
    ['/scim/v2/Users', '/scim/v2/Users'],
    ['/scim/v2/users/2819c223?attributes=userName', '/scim/v2/Users/:id'],
    ['/scim/v2/Groups/abc/', '/scim/v2/Groups/:id'],
    ['/scim/v2/Groups/.search', '/scim/v2/Groups/.search'],
    ['/scim/v2/.search', '/scim/v2/.search'],
    ['/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', '/scim/v2/Schemas/:id'],
    ['/scim/v2/ServiceProviderConfig', '/scim/v2/ServiceProviderConfig'],
    ['/scim/v2/anything/else/here', '/scim/v2/other'],
    ['/admin/journal', '/admin/journal'],
    ['/admin/users/123', '/admin/other'],
    ['/healthz', '/healthz'],
    ['/random/probe.php', 'other'],
  ])('%s -> %s', (url, pattern) => {
    expect(routePattern(url)).toBe(pattern);
  });
});

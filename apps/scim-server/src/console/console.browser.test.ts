/**
 * The console in a real browser (Debian's Chromium via playwright-core) against the real server over HTTP on
 * loopback, on a SQLite file: sign-in, search, a user's role sources, retry of a parked user, the audit filter,
 * CSV exports, deep links, CSRF, keyboard use, console errors and axe-core accessibility on every page.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './testing/browser.ts';
import { DEMO, type DemoConnector, startDemoConnector } from './testing/demo-directory.ts';

describe('compliance console in Chromium', { timeout: 60_000 }, () => {
  let demo: DemoConnector;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let base: string;
  let adminToken: string;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoConnector(), launchChromium()]);
    base = demo.connector.url;
    adminToken = demo.connector.tokens.adminToken;
    context = await browser.newContext();
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** The preview runs in the background; its result page updates itself until the job is done. */
  async function finishedPreview(): Promise<void> {
    await page.waitForURL(/\/console\/rules\/preview\/result$/);
    await expect
      .poll(() => page.locator('#preview-heading').textContent(), { timeout: 30_000 })
      .toBe('Impact');
  }

  async function accessible(): Promise<void> {
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, page.url()).toEqual([]);
  }

  it('refuses a wrong token, then signs in and lands on the deep link asked for', async () => {
    const deepLink = `${base}/console/users/${demo.ids.grouped}`;
    await page.goto(deepLink);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await accessible();
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not the admin token');
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(deepLink);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(DEMO.grouped);
  });

  it('shows the source chain of a logical role granted through a group', async () => {
    await page.goto(`${base}/console/users/${demo.ids.grouped}`);
    const chains = await page.locator('.chain').allTextContents();
    expect(chains).toContain(
      `AGENT_134_STORE ← logical role Store_Colleague ← group "${DEMO.group}" (the group's roles attribute)`,
    );
    expect(await page.locator('#platform-heading + .side-by-side').textContent()).toContain(
      'AGENT_134_RETURNS_MANAGER',
    );
    await accessible();
  });

  it('finds a blocked user by searching as you type and shows the unresolved role and its reason', async () => {
    await page.goto(`${base}/console/users`);
    await accessible();
    await page
      .getByLabel('Search userName, e-mail or name (starts with)')
      .pressSequentially('mall', { delay: 30 });
    await page.waitForURL(/search=mall/);
    const rows = page.locator('#results tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('unresolved-role');
    await rows.first().getByRole('link', { name: DEMO.blocked }).click();
    await page.waitForURL(`${base}/console/users/${demo.ids.blocked}`);
    const unresolved = await page.locator('#roles-heading ~ table').last().textContent();
    expect(unresolved).toContain(DEMO.unknownRole);
    expect(unresolved).toContain('unknown-context');
    expect(await page.getByText('If the user were synced now').textContent()).toContain('block');
    await accessible();
  });

  it('retries a parked user and sees it converge', async () => {
    await page.goto(`${base}/console/users?status=parked`);
    expect(await page.locator('#results').textContent()).toContain(DEMO.refused);
    await accessible();
    await page.goto(`${base}/console/users/${demo.ids.refused}`);
    expect(await page.locator('.tag-parked').count()).toBe(1);
    demo.simulator.faults.reset();
    await page.getByRole('button', { name: 'Retry parked user' }).click();
    await page.waitForURL(/done=retried/);
    expect(await page.getByRole('status').textContent()).toContain('unparked');
    await demo.client.settled();
    await page.goto(`${base}/console/users/${demo.ids.refused}`);
    expect(await page.locator('.tag-parked').count()).toBe(0);
    expect(await page.locator('#platform-heading + .side-by-side article').first().textContent()).toContain(
      'ACTIVE',
    );
    const timeline = await page.locator('#audit-heading ~ table').textContent();
    expect(timeline).toContain('console.retry');
    expect(timeline).toContain('create');
  });

  it('filters the audit log by outcome and exports the same filter as CSV', async () => {
    await page.goto(`${base}/console/audit`);
    await accessible();
    await page.getByLabel('Outcome').selectOption('block');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/outcome=block/);
    const outcomes = await page.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(['block']));
    expect(await page.locator('tbody').textContent()).toContain(DEMO.blocked);

    // The time filter: everything is after 2000, nothing before it.
    await page.goto(`${base}/console/audit?outcome=block&since=2000-01-01`);
    expect(await page.locator('tbody').textContent()).toContain(DEMO.blocked);
    await page.goto(`${base}/console/audit?outcome=block&until=2000-01-01`);
    expect(await page.locator('tbody tr').count()).toBe(0);
    await accessible();

    const csv = await page.request.get(`${base}/console/audit.csv?outcome=block`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,userId,trigger,outcome,reasons,changes');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line.split(',')[4]).toBe('block');
    expect(lines.slice(1).some((line) => line.includes(demo.ids.blocked))).toBe(true);
    expect(lines.slice(1).some((line) => line.includes(demo.ids.synced))).toBe(false);
  });

  it('exports the users of the current filter as CSV', async () => {
    const csv = await page.request.get(`${base}/console/users.csv?search=mall`);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      'id,userName,displayName,idpActive,platformStatus,blockedReasons,parkedError,lastDecisionAt',
    );
    expect(lines[1]).toBe(
      `${demo.ids.blocked},${DEMO.blocked},Mallory Mole,true,ABSENT,unresolved-role,,${lines[1]?.split(',').at(-1)}`,
    );
    expect(lines[1]?.split(',').at(-1)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const blocked = (
      await (await page.request.get(`${base}/console/users.csv?status=blocked`)).text()
    ).trim();
    expect(
      blocked
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[1]),
    ).toEqual([DEMO.blocked]);
  });

  it('shows groups with the grants they make and where each is defined', async () => {
    await page.goto(`${base}/console/groups`);
    await accessible();
    await page.getByRole('link', { name: DEMO.group }).click();
    await page.waitForURL(`${base}/console/groups/${demo.groupId}`);
    const grants = await page.locator('#grants-heading + table').textContent();
    expect(grants).toContain(DEMO.logicalRole);
    expect(grants).toContain("the group's roles attribute");
    expect(grants).toContain('AGENT_134_CUSTOMER_COLLECTION_MANAGER');
    expect(await page.locator('#members-heading ~ ul').textContent()).toContain(DEMO.grouped);
    await accessible();
    await page.getByRole('link', { name: 'Every member with its platform status' }).click();
    await page.waitForURL(/group=/);
    const members = await page.locator('#results tbody tr td:first-child').allTextContents();
    expect(members).toEqual([DEMO.grouped]);
    await accessible();
  });

  it('shows the rules in force and reloads them', async () => {
    await page.goto(`${base}/console/rules`);
    await accessible();
    expect(await page.locator('#mappings-heading + table').textContent()).toContain('Store_Colleague');
    await page.getByRole('button', { name: 'Validate and reload the folder' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Reloaded');
    expect(await page.locator('main').textContent()).toContain('accepted');
  });

  it('previews a rules change: the users it would block, and the problems of a file that does not validate', async () => {
    await page.goto(`${base}/console/rules`);
    await page.getByRole('link', { name: 'Preview the impact of a change' }).click();
    await page.getByLabel('File to edit').selectOption('role-mappings.json');
    await page.getByRole('button', { name: 'Load the file in force' }).click();
    await page.waitForURL(/file=role-mappings.json/);
    const editor = page.getByLabel('role-mappings.json as proposed');
    const inForce = await editor.inputValue();
    expect(inForce).toContain('Store_Colleague');
    // Map the logical role to a platform role that does not exist: its holders get an unresolved role.
    await editor.fill(inForce.replace('"RETURNS_MANAGER"', '"NO_SUCH_PLATFORM_ROLE"'));
    await page.getByRole('button', { name: 'Preview the impact' }).click();
    await finishedPreview();
    const impact = page.locator('#preview-progress');
    expect(await impact.textContent()).toContain('1 would be newly blocked');
    const rows = page.locator('section[aria-labelledby="kind-newly-blocked"] tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(DEMO.grouped);
    expect(await rows.first().textContent()).toContain('unresolved-role');
    await accessible();

    await page.goto(`${base}/console/rules/preview?file=role-mappings.json`);
    await page.getByLabel('role-mappings.json as proposed').fill('{"rules": [');
    await page.getByRole('button', { name: 'Preview the impact' }).click();
    await page.waitForLoadState();
    const problems = page.locator('section[aria-labelledby="preview-heading"]');
    expect(await problems.textContent()).toContain('does not validate');
    expect(await problems.locator('code').first().textContent()).toMatch(/^role-mappings\.json:1:\d+$/);
    // Nothing was applied: the rules in force still map Store_Colleague to RETURNS_MANAGER.
    expect(demo.connector.sync.rules.current().roleMappings.targets.get('Store_Colleague')).toContain(
      'RETURNS_MANAGER',
    );
  });

  it('shows the overview with counts and parked users', async () => {
    await page.goto(`${base}/console`);
    await accessible();
    expect(await page.locator('.counts').textContent()).toContain('4Users');
    // Blocked and drifted come from their indexes; each links to the list it counts.
    expect(await page.locator('.counts').textContent()).toContain('1Blocked');
    expect(await page.locator('.counts').textContent()).toContain('0Drifted');
    expect(await page.locator('#outcomes-heading + table').textContent()).toContain('block');
    await page.getByRole('link', { name: 'Blocked', exact: true }).click();
    await page.waitForURL(/status=blocked/);
    expect(await page.locator('#results tbody').textContent()).toContain(DEMO.blocked);
    await accessible();
  });

  it('refuses a console action whose CSRF token is missing', async () => {
    await page.goto(`${base}/console/users/${demo.ids.synced}`);
    await page.locator('form[action$="/resync"] input[name="_csrf"]').evaluate((input) => input.remove());
    await page.getByRole('button', { name: 'Re-sync now' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Request refused');
    errors.length = 0; // the browser logs the 403 itself; that is the point of this test
  });

  it('is usable with the keyboard alone: search, open a user, re-sync', async () => {
    await page.goto(`${base}/console`);
    const tabTo = async (matches: () => Promise<boolean>, limit = 40) => {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        if (await matches()) return;
      }
      throw new Error('focus never reached the element');
    };
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    await tabTo(async () => (await focusedText()) === 'Users');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/console/users`);
    await tabTo(() =>
      page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'search'),
    );
    // Search as you type: htmx swaps the results in and puts the search in the address bar, no Enter needed.
    await page.keyboard.type('ada');
    await page.waitForURL(/search=ada/);
    await expect.poll(() => page.locator('#results tbody tr').count()).toBe(1);
    await tabTo(async () => (await focusedText()) === DEMO.synced);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/console/users/${demo.ids.synced}`);
    await tabTo(async () => (await focusedText()) === 'Re-sync now');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=resync-queued/);
    expect(await page.locator('#audit-heading ~ table').textContent()).toContain('console.resync');
  });

  it('previews a change for every user, not only the first 200: counts, the first 50 by kind, the full CSV', async () => {
    // 260 more holders of the logical role, named to sort after the demo users, written straight to the store
    // (whether the worker has synced them yet or not, the proposal blocks them all).
    const bulk = Array.from({ length: 260 }, (_, i) => `zz-bulk-${String(i).padStart(4, '0')}@example.com`);
    await demo.connector.store.transaction(async (tx) => {
      for (const userName of bulk)
        await tx.insertUser({
          id: randomUUID(),
          userName,
          active: true,
          resource: {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName,
            active: true,
            roles: [{ value: DEMO.logicalRole }],
          },
        });
    });
    await page.goto(`${base}/console/rules/preview?file=role-mappings.json`);
    const editor = page.getByLabel('role-mappings.json as proposed');
    await editor.fill((await editor.inputValue()).replace('"RETURNS_MANAGER"', '"NO_SUCH_PLATFORM_ROLE"'));
    await page.getByRole('button', { name: 'Preview the impact' }).click();
    await finishedPreview();
    expect(await page.locator('#preview-progress').textContent()).toContain('261 would be newly blocked');
    const section = page.locator('section[aria-labelledby="kind-newly-blocked"]');
    expect(await section.locator('h3').textContent()).toContain(
      'the first 50 by userName; the CSV has them all',
    );
    expect(await section.locator('tbody tr').count()).toBe(50);
    // Each example links to the user's page.
    await section.getByRole('link', { name: bulk[0] }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(bulk[0]);
    await page.goBack();
    await accessible();

    const csv = await context.request.get(`${base}/console/rules/preview/changes.csv`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toContain('userName,userId,changes');
    const blocked = lines.filter((line) => line.split(',')[2]?.split(' ').includes('newly-blocked'));
    expect(blocked).toHaveLength(261);
    // Beyond the first 200 users: the last of the bulk ones is there, blocked for the unresolved role.
    const last = lines.find((line) => line.startsWith(`${bulk[259]},`));
    expect(last).toContain('unresolved-role');
  });

  it('signs out with the button, after which pages ask for sign-in again', async () => {
    await page.goto(`${base}/console/audit`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in/);
    await page.goto(`${base}/console/audit`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  });

  it('logged no console error on any page', () => {
    expect(errors).toEqual([]);
  });
});

/**
 * `pnpm screenshots`: the console's pictures in docs/console/, taken in Debian's Chromium from the demo directory
 * (testing/demo-directory.ts) so docs/console.md always shows the console as it is. Run it after changing a page.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.ts';
import { startDemoConnector } from './demo-directory.ts';

const OUT = fileURLToPath(new URL('../../../../../docs/console/', import.meta.url));

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const demo = await startDemoConnector();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const base = demo.connector.url;
    const shot = async (name: string, path: string) => {
      await page.goto(`${base}${path}`);
      await page.screenshot({ path: `${OUT}${name}.png`, fullPage: true });
      process.stdout.write(`docs/console/${name}.png\n`);
    };
    await shot('sign-in', '/console/sign-in');
    await page.getByLabel('Admin token').fill(demo.connector.tokens.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/console`);
    await shot('overview', '/console');
    await shot('users', '/console/users');
    await shot('user-blocked', `/console/users/${demo.ids.blocked}`);
    await shot('user-group-role', `/console/users/${demo.ids.grouped}`);
    await shot('user-parked', `/console/users/${demo.ids.refused}`);
    await shot('audit', '/console/audit?outcome=block');
    await shot('group', `/console/groups/${demo.groupId}`);
    await shot('rules', '/console/rules');
    // The impact preview of a change that maps a logical role to a platform role that does not exist.
    await page.goto(`${base}/console/rules/preview?file=role-mappings.json`);
    const editor = page.getByLabel('role-mappings.json as proposed');
    await editor.fill((await editor.inputValue()).replace('"RETURNS_MANAGER"', '"NO_SUCH_PLATFORM_ROLE"'));
    await page.getByRole('button', { name: 'Preview the impact' }).click();
    // The preview runs in the background; its result page updates itself until the job is done.
    await page.waitForURL(/\/rules\/preview\/result$/);
    await page.getByRole('heading', { name: 'Impact', exact: true }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${OUT}rules-preview.png`, fullPage: true });
    process.stdout.write('docs/console/rules-preview.png\n');
  } finally {
    await browser.close();
    await demo.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

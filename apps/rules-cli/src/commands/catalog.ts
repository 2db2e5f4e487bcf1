/**
 * `scim-rules catalog export --platform fluent|simulator|URL [--platform-options file] [--seed file] [--out file]`:
 * reads the platform's catalogue through
 * its plugin (catalog/export-catalogue.ts) and writes it as a platform fixture, for `--catalog` on validate, test,
 * simulate, explain and diff. Progress goes to stderr only on a terminal, so a redirected stdout holds the fixture
 * alone. Connection problems exit 2 with the platform's (redacted) message.
 */
import { writeFile } from 'node:fs/promises';
import { PlatformError } from '@scim-connector/platform';
import type { Command } from 'commander';
import { CatalogueUnsupportedError, exportCatalogue } from '../catalog/export-catalogue.ts';
import { openPlatform, PLATFORM_CHOICES, PlatformConfigError } from '../catalog/platform-connection.ts';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.ts';
import { BadInputError } from '../input/input-problem.ts';
import { loadPlatformOptionsFile } from '../input/load-platform-options.ts';
import type { CliIo } from '../io.ts';

export interface CatalogExportOptions {
  platform: string;
  platformOptions?: string;
  seed?: string;
  out?: string;
}

export function registerCatalog(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  const catalog = program
    .command('catalog')
    .description("the platform's role catalogue, as a platform fixture");
  catalog
    .command('export')
    .description(
      "read the platform's roles, retailers, locations and role-mapping setting; write a platform fixture",
    )
    .requiredOption('--platform <platform>', PLATFORM_CHOICES)
    .option(
      '--platform-options <file>',
      "simulator or URL: the platform plugin's options (JSON); fluent reads PLATFORM_OPTIONS_FILE and FLUENT_* instead",
    )
    .option('--seed <file>', 'simulator: a platform fixture to seed the built-in simulator with')
    .option('--out <file>', 'write the fixture here instead of stdout')
    .action(async (options: CatalogExportOptions) => {
      setExitCode(await catalogExport(options, io, env));
    });
}

async function catalogExport(
  options: CatalogExportOptions,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  let opened: Awaited<ReturnType<typeof openPlatform>> | undefined;
  const counts = new Map<string, number>();
  try {
    opened = await openPlatform(options.platform, {
      env,
      ...(options.platformOptions !== undefined && {
        options: await loadPlatformOptionsFile(options.platformOptions),
      }),
      ...(options.seed !== undefined && { seedFile: options.seed }),
    });
    const fixture = await exportCatalogue(opened.parts, {
      read(what, count) {
        counts.set(what, count);
        if (io.progress) io.err(`\r\u001b[2Kreading the catalogue: ${describeCounts(counts)}`);
      },
    });
    if (io.progress) io.err('\r\u001b[2K');
    const text = `${JSON.stringify(fixture, null, 2)}\n`;
    if (options.out) {
      await writeFile(options.out, text);
      io.err(`wrote ${options.out}: ${describeCounts(counts)} from ${opened.description}\n`);
    } else {
      io.out(text);
    }
    return EXIT_OK;
  } catch (error) {
    if (io.progress) io.err('\r\u001b[2K');
    if (!isReportable(error)) throw error;
    io.err(`scim-rules catalog export: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  } finally {
    await opened?.close();
  }
}

/** Errors with a message fit for the user; the platform client redacts credentials from its own. */
function isReportable(error: unknown): error is Error {
  return (
    error instanceof PlatformConfigError ||
    error instanceof BadInputError ||
    error instanceof PlatformError ||
    error instanceof CatalogueUnsupportedError ||
    (error instanceof Error && 'code' in error && typeof error.code === 'string')
  );
}

function describeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([what, count]) => `${count.toLocaleString('en-US')} ${what}`).join(', ');
}

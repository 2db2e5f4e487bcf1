/**
 * The console's static files, from node_modules and this folder, read into memory once when the console is built:
 * nothing is fetched from outside the server at run time, and there is no build step (`pnpm start` serves them as
 * installed).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Request, type Response, Router } from 'express';

const require = createRequire(import.meta.url);

/** URL name -> file on disk and its content type. */
const ASSET_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  'pico.min.css': {
    file: require.resolve('@picocss/pico/css/pico.min.css'),
    type: 'text/css; charset=utf-8',
  },
  'htmx.min.js': {
    file: require.resolve('htmx.org/dist/htmx.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'console.css': {
    file: fileURLToPath(new URL('./console.css', import.meta.url)),
    type: 'text/css; charset=utf-8',
  },
};

export const ASSET_PATH = '/assets';

export function assetRoutes(): Router {
  const assets = new Map(
    Object.entries(ASSET_FILES).map(([name, { file, type }]) => [name, { body: readFileSync(file), type }]),
  );
  const router = Router();
  router.get(`${ASSET_PATH}/:name`, (req: Request<{ name: string }>, res: Response) => {
    const asset = assets.get(req.params.name);
    if (!asset) {
      res.status(404).type('text/plain').send('No such console asset.');
      return;
    }
    res.setHeader('Content-Type', asset.type);
    // Assets change only with an install; an hour of caching spares every page view a round trip.
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.end(asset.body);
  });
  return router;
}

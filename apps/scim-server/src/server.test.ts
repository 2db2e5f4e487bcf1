import express from 'express';
import { describe, expect, it } from 'vitest';
import { listen } from './server.ts';

describe('listen / stop', () => {
  it('lets a request in flight finish, then refuses new connections', async () => {
    const app = express();
    let release: () => void = () => {};
    const entered = new Promise<void>((resolve) => {
      app.get('/slow', async (_req, res) => {
        resolve();
        await new Promise<void>((done) => {
          release = done;
        });
        res.json({ finished: true });
      });
    });
    const running = await listen(app, 0, '127.0.0.1');
    const inFlight = fetch(`${running.url}/slow`).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    }));
    await entered;
    const stopped = running.stop();
    release();
    expect(await inFlight).toEqual({ status: 200, body: { finished: true } });
    await stopped;
    await expect(fetch(`${running.url}/slow`)).rejects.toThrow();
  });
});

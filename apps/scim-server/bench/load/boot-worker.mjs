// Worker threads do not inherit tsx's loader in Node 20, so the worker registers it before loading TypeScript.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

import { openStore } from '@scim-connector/store';
import { syncEngineSuite } from './testing/sync-suite.ts';

syncEngineSuite('SQLite', (options) => openStore('sqlite::memory:', options));

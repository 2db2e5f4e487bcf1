// Per-statement time and count for better-sqlite3, for finding where a benchmark's database time goes:
//   NODE_OPTIONS="--require $PWD/bench/sqlite-statement-timing.cjs" pnpm bench --suite initial-load ...
// NODE_OPTIONS reaches the server's child process, which writes /tmp/sqlite-statements-<pid>.txt when it exits
// (statements by total wall time, with count and mean). Wall time of a synchronous better-sqlite3 call is time the
// event loop spends inside SQLite, which is what a single-threaded server pays.
const Module = require('node:module');
const { writeFileSync } = require('node:fs');

const stats = new Map();
let patched = false;

function note(key, startedAt) {
  const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
  const entry = stats.get(key) ?? { count: 0, ms: 0 };
  entry.count++;
  entry.ms += ms;
  stats.set(key, entry);
  // Commits are kept one by one: a checkpoint runs inside whichever commit crosses wal_autocheckpoint, so their
  // mean hides whether every commit is slow or a few are very slow.
  if (key === 'commit') commitSamples.push(ms);
}

const commitSamples = [];

function commitSpread() {
  if (commitSamples.length === 0) return [];
  const sorted = [...commitSamples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2);
  const slow = sorted.filter((ms) => ms >= 5);
  const slowMs = slow.reduce((sum, ms) => sum + ms, 0);
  return [
    `commits: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms; ` +
      `${slow.length} of 5 ms or more, ${slowMs.toFixed(0)} ms in all`,
  ];
}

function patch(Database) {
  patched = true;
  const probe = new Database(':memory:');
  const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1'));
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = statementPrototype[method];
    statementPrototype[method] = function timed(...args) {
      const startedAt = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        note(this.source.replace(/\s+/g, ' ').slice(0, 160), startedAt);
      }
    };
  }
  const exec = Database.prototype.exec;
  Database.prototype.exec = function timedExec(sql) {
    const startedAt = process.hrtime.bigint();
    try {
      return exec.call(this, sql);
    } finally {
      note(`exec: ${String(sql).replace(/\s+/g, ' ').slice(0, 150)}`, startedAt);
    }
  };
}

const load = Module._load;
Module._load = function loadAndPatch(request, ...rest) {
  const loaded = load.call(this, request, ...rest);
  if (
    !patched &&
    typeof loaded === 'function' &&
    /better-sqlite3/.test(String(request)) &&
    loaded.prototype?.prepare
  ) {
    patch(loaded);
  }
  return loaded;
};

process.on('exit', () => {
  if (stats.size === 0) return;
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((sum, [, entry]) => sum + entry.ms, 0);
  const lines = rows
    .slice(0, 60)
    .map(
      ([sql, { count, ms }]) =>
        `${ms.toFixed(0).padStart(8)} ms ${String(count).padStart(8)} x ${((ms / count) * 1000).toFixed(0).padStart(6)} us  ${sql}`,
    );
  writeFileSync(
    `/tmp/sqlite-statements-${process.pid}.txt`,
    [`total ${total.toFixed(0)} ms`, ...commitSpread(), ...lines, ''].join('\n'),
  );
});

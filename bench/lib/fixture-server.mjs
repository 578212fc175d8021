// An ovsdb-server serving the realistic NB fixture (bench/lib/nb-fixture.mjs) at a given size:
// the database file is written directly (no transactions), so even 200k rows start in seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEMAS, startOvsdbServer } from '@ovnkit/testkit';
import { nbFixture, writeNbDb } from './nb-fixture.mjs';

/** Starts a server on a fresh fixture of about `rows` rows; `rows: 0` serves an empty NB. */
export async function startFixtureServer(rows) {
  const dir = mkdtempSync(join(tmpdir(), 'ovnkit-fixture-'));
  const t0 = performance.now();
  const fixture = rows > 0 ? nbFixture(rows) : { tables: {}, rows: 0 };
  const file = join(dir, 'nb.db');
  writeNbDb(file, fixture, SCHEMAS.nb);
  const writeMs = performance.now() - t0;
  const t1 = performance.now();
  const server = await startOvsdbServer({ dbFiles: [file], dir, readyTimeoutMs: 120_000 });
  const startMs = performance.now() - t1;
  return {
    server,
    fixture,
    writeMs,
    startMs,
    async stop() {
      // The harness unrefs the server process; keep the loop alive until it has exited.
      const keepAlive = setInterval(() => undefined, 1000);
      await server.stop();
      clearInterval(keepAlive);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

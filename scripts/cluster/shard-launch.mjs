#!/usr/bin/env node
// `npm run shard -- …`: bootstraps (scripts/start/bootstrap.mjs), then runs scripts/cluster/shard.ts in this same
// process (TypeScript through tsx, loaded as `node --import tsx` would). package.json starts it with `exec`, so no shell
// stays between npm and the shard: SIGINT and SIGTERM that npm forwards (Ctrl-C, a batch
// scheduler's time limit) reach the shard's own handlers, which stop it within one step.
import { bootstrap } from "../start/bootstrap.mjs";

try {
  await bootstrap({ quiet: true });
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
// imported only now (on a fresh clone bootstrap has just installed tsx); what `node --import tsx` loads
await import("tsx");
await import("./shard.ts");

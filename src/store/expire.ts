// Active expiry: Redis's activeExpireCycle, run from the cron at `hz`. Each database's expires map
// is walked with a persistent iterator (a cursor that survives inserts and deletes), sampling keys
// and deleting the expired ones; a database is revisited while more than 10% of its samples were
// expired, within a time budget of 25% of a cron period, as Redis's slow cycle does.

import type { Keyspace } from './keyspace.ts';

const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE_PERCENT = 10;
const SLOW_TIME_PERC = 25;

export function activeExpireCycle(ks: Keyspace, hz: number): void {
  const budgetMs = (1000 * SLOW_TIME_PERC) / 100 / Math.max(1, hz);
  const start = performance.now();
  const now = ks.clock.now();
  let sampledTotal = 0;
  let expiredTotal = 0;
  for (const db of ks.dbs) {
    if (db.expires.size === 0) continue;
    for (;;) {
      let sampled = 0;
      let expired = 0;
      const toDelete: string[] = [];
      const limit = Math.min(KEYS_PER_LOOP, db.expires.size);
      while (sampled < limit) {
        if (db.expireCursor === null) db.expireCursor = db.expires.entries();
        const next = db.expireCursor.next();
        if (next.done === true) {
          db.expireCursor = null;
          if (sampled === 0 && db.expires.size === 0) break;
          // Wrapped around: count what we have and let the next round continue from the start.
          break;
        }
        sampled++;
        if (next.value[1] <= now) toDelete.push(next.value[0]);
      }
      if (!ks.expiryPaused) {
        for (const key of toDelete) {
          db.deleteExpired(key);
          expired++;
        }
      }
      sampledTotal += sampled;
      expiredTotal += expired;
      if (sampled === 0 || (expired * 100) / sampled <= ACCEPTABLE_STALE_PERCENT) break;
      if (performance.now() - start > budgetMs) {
        ks.stats.expiredTimeCapReachedCount++;
        break;
      }
    }
    if (performance.now() - start > budgetMs) break;
  }
  if (sampledTotal > 0) {
    const perc = expiredTotal / sampledTotal;
    ks.stats.expiredStalePerc = perc * 0.05 + ks.stats.expiredStalePerc * 0.95;
  }
}

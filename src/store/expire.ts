// Active expiry: Redis's activeExpireCycle (slow cycle), run from the cron at `hz`.
//
// Each database's `expires` Dict is walked with a persistent scan cursor (Redis 7.2's
// db->expires_cursor, which survives inserts, deletes and rehashing, and wraps around at the end),
// sampling keys_per_loop keys per round and deleting those past their time. A database gets
// another round while more than the acceptable share of its samples were expired. The cycle
// visits up to 16 databases per call (all of them when the previous call ran out of time),
// resuming after the last one visited, and checks its time budget (slow_time_perc of a cron period) every 16 rounds, as Redis does.
// `active-expire-effort` (1..10) scales keys per loop, the time budget and the acceptable stale share.
//
// The wall clock (performance.now) bounds the work; the keyspace clock decides what is expired, so
// tests with a ManualClock are deterministic except for the time cap.
//
// The fast cycle (activeExpireCycleFast) is Redis's beforeSleep variant: at most ~1 ms, only after
// a slow cycle ran out of time, and never twice within twice its duration. It runs when something
// calls it once per event-loop turn.

import type { Keyspace } from './keyspace.ts';

const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE = 10;
const SLOW_TIME_PERC = 25;
const DBS_PER_CALL = 16;
/** Microseconds a fast cycle may run (Redis's ACTIVE_EXPIRE_CYCLE_FAST_DURATION). */
const FAST_DURATION = 1000;

/** The keys and times one scan step of the cycle visited, flat: key, when, key, when... */
const batch: (string | number)[] = [];
const collect = (key: string, when: number): void => {
  batch.push(key, when);
};

/** The slow cycle, from the cron. */
export function activeExpireCycle(ks: Keyspace, hz: number, activeExpireEffort = 1): void {
  cycle(ks, hz, activeExpireEffort, false);
}

/** The fast cycle, for once per event-loop turn; it returns at once unless the last slow cycle was cut short. */
export function activeExpireCycleFast(ks: Keyspace, hz: number, activeExpireEffort = 1): void {
  cycle(ks, hz, activeExpireEffort, true);
}

function cycle(ks: Keyspace, hz: number, activeExpireEffort: number, fast: boolean): void {
  if (ks.expiryPaused) return;
  const effort = Math.min(10, Math.max(1, activeExpireEffort)) - 1;
  const keysPerLoop = KEYS_PER_LOOP + (KEYS_PER_LOOP / 4) * effort;
  const fastDuration = FAST_DURATION + (FAST_DURATION / 4) * effort;
  const slowTimePerc = SLOW_TIME_PERC + 2 * effort;
  const acceptableStale = ACCEPTABLE_STALE - effort;
  const state = ks.expireState;
  const dbnum = ks.dbs.length;
  const start = performance.now();
  if (fast) {
    // Redis compares the stale fraction (0..1) with a percentage here, so in effect only a slow
    // cycle that hit its time limit starts a fast one; kept as is.
    if (!state.timelimitExit && ks.stats.expiredStalePerc < acceptableStale) return;
    if (start < state.lastFastCycle + (fastDuration * 2) / 1000) return;
    state.lastFastCycle = start;
  }
  // Microseconds, as Redis computes them, then compared in ms.
  const timelimitUs = fast ? fastDuration : Math.max(1, Math.floor((slowTimePerc * 1000000) / Math.max(1, hz) / 100));
  const timelimitMs = timelimitUs / 1000;
  const dbsPerCall = DBS_PER_CALL > dbnum || state.timelimitExit ? dbnum : DBS_PER_CALL;
  state.timelimitExit = false;
  let totalSampled = 0;
  let totalExpired = 0;
  let iteration = 0;

  for (let j = 0; j < dbsPerCall && !state.timelimitExit; j++) {
    const db = ks.dbs[state.currentDb % dbnum]!;
    state.currentDb = (state.currentDb + 1) % dbnum;
    let sampled = 0;
    let expired = 0;
    do {
      iteration++;
      let num = db.expires.size;
      if (num === 0) {
        db.avgTtl = 0;
        break;
      }
      const now = ks.clock.now();
      sampled = 0;
      expired = 0;
      let ttlSum = 0;
      let ttlSamples = 0;
      if (num > keysPerLoop) num = keysPerLoop;
      // Scan buckets until num keys were sampled or num*20 buckets checked (Redis 7.2's loop). The
      // scan must not delete, so expired keys are collected and deleted after each bucket.
      const maxBuckets = num * 20;
      for (let checked = 0; sampled < num && checked < maxBuckets; checked++) {
        db.expireCursor = db.expires.scan(db.expireCursor, collect);
        for (let i = 0; i < batch.length; i += 2) {
          const key = batch[i] as string;
          const when = batch[i + 1] as number;
          sampled++;
          if (now > when) {
            db.deleteExpired(key);
            expired++;
          } else {
            ttlSum += when - now;
            ttlSamples++;
          }
        }
        batch.length = 0;
      }
      totalSampled += sampled;
      totalExpired += expired;
      if (ttlSamples > 0) {
        // Running average weighting the newest sample 2%, with Redis's integer arithmetic.
        const avg = Math.trunc(ttlSum / ttlSamples);
        if (db.avgTtl === 0) db.avgTtl = avg;
        db.avgTtl = Math.trunc(db.avgTtl / 50) * 49 + Math.trunc(avg / 50);
      }
      if ((iteration & 0xf) === 0 && performance.now() - start > timelimitMs) {
        state.timelimitExit = true;
        ks.stats.expiredTimeCapReachedCount++;
        break;
      }
    } while (sampled === 0 || Math.floor((expired * 100) / sampled) > acceptableStale);
  }

  ks.stats.expireCycleTimeUsed += Math.round((performance.now() - start) * 1000);
  const perc = totalSampled > 0 ? totalExpired / totalSampled : 0;
  ks.stats.expiredStalePerc = perc * 0.05 + ks.stats.expiredStalePerc * 0.95;
}

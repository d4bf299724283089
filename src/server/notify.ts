// Keyspace notifications (notify-keyspace-events): every keyspace event the store and the command
// families emit (ks.notify with Redis's class letter) becomes a Pub/Sub message on
// `__keyspace@<db>__:<key>` (message: the event) and/or `__keyevent@<db>__:<event>` (message: the
// key), for the classes enabled. With notifications off, an event costs one integer test.
// Owned by the executor thread.

import { NOTIFY } from './config-special.ts';
import { hasSubscribers, publish } from './pubsub.ts';
import type { Server } from './server.ts';

/** The flag bit of each class letter the families pass to ks.notify. */
const CLASS_FLAG: Record<string, number> = {
  g: NOTIFY.g, $: NOTIFY.$, l: NOTIFY.l, s: NOTIFY.s, h: NOTIFY.h, z: NOTIFY.z, x: NOTIFY.x, e: NOTIFY.e,
  t: NOTIFY.t, m: NOTIFY.m, d: NOTIFY.d, n: NOTIFY.n,
};

/** The enabled flags, mirrored from the config when it changes so that events test a plain integer. */
interface NotifyState {
  flags: number;
}

const states = new WeakMap<Server, NotifyState>();

function configuredFlags(s: Server): number {
  const v = s.config.values['notify-keyspace-events'];
  return typeof v === 'number' ? v : 0;
}

/** Publishes one event where the enabled flags say so (Redis's notifyKeyspaceEvent). */
export function notifyKeyspaceEvent(s: Server, flags: number, cls: string, event: string, key: string, dbid: number): void {
  const bit = CLASS_FLAG[cls];
  if (bit === undefined || (flags & bit) === 0) return;
  // Nobody can receive it: skip building the channel names (Redis would publish to no one).
  if (!hasSubscribers(s)) return;
  if ((flags & NOTIFY.K) !== 0) publish(s, `__keyspace@${dbid}__:${key}`, event);
  if ((flags & NOTIFY.E) !== 0) publish(s, `__keyevent@${dbid}__:${event}`, key);
}

/** Re-reads notify-keyspace-events (startup and CONFIG SET). */
export function applyNotifyFlags(s: Server): void {
  const st = states.get(s);
  if (st === undefined) return;
  st.flags = configuredFlags(s);
  // `new` is the one event whose emission itself costs a lookup (was the key there?): the store
  // only looks when someone wants it.
  s.keyspace.newKeyEvents = (st.flags & NOTIFY.n) !== 0;
}

/** Subscribes the notification publisher to the keyspace's events. */
export function installNotifications(s: Server): void {
  const st: NotifyState = { flags: 0 };
  states.set(s, st);
  applyNotifyFlags(s);
  s.keyspace.hooks.event.push((cls, event, key, dbid) => {
    const flags = st.flags;
    if (flags !== 0) notifyKeyspaceEvent(s, flags, cls, event, key, dbid);
  });
}

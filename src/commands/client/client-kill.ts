// CLIENT KILL in both forms: the old `CLIENT KILL ip:port` (replies OK or an error) and the filter
// form `CLIENT KILL <option> <value> ...` (replies how many were closed).

import {
  ERR_CLIENT_ID,
  ERR_NO_SUCH_CLIENT,
  ERR_SYNTAX,
  errNoSuchUser,
  errUnknownClientType,
} from '../../protocol/errors.ts';
import type { Client, ClientType } from '../../server/client.ts';
import { parseInteger } from '../../util/numbers.ts';

/** CLIENT LIST / KILL TYPE names; Redis takes `slave` as an old name of `replica`. */
export function parseClientType(name: string): ClientType | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'slave':
    case 'replica':
      return 'replica';
    case 'pubsub':
      return 'pubsub';
    case 'master':
      return 'master';
    default:
      return null;
  }
}

interface KillFilter {
  id: number;
  addr: string | null;
  laddr: string | null;
  type: ClientType | null;
  user: string | null;
  skipMe: boolean;
}

/** Parses the filter form's options; replies with Redis's error and returns null when invalid. */
function parseFilter(c: Client, argv: string[]): KillFilter | null {
  const f: KillFilter = { id: 0, addr: null, laddr: null, type: null, user: null, skipMe: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i]!.toLowerCase();
    const value = argv[i + 1];
    if (value === undefined) {
      c.w.error(ERR_SYNTAX);
      return null;
    }
    if (opt === 'id') {
      const id = parseInteger(value);
      if (id === null || id < 1) {
        c.w.error(ERR_CLIENT_ID);
        return null;
      }
      f.id = id;
    } else if (opt === 'type') {
      f.type = parseClientType(value);
      if (f.type === null) {
        c.w.error(errUnknownClientType(value));
        return null;
      }
    } else if (opt === 'addr') {
      f.addr = value;
    } else if (opt === 'laddr') {
      f.laddr = value;
    } else if (opt === 'user') {
      // Without ACL the only user is `default`.
      if (value !== 'default') {
        c.w.error(errNoSuchUser(value));
        return null;
      }
      f.user = value;
    } else if (opt === 'skipme') {
      const v = value.toLowerCase();
      if (v === 'yes') f.skipMe = true;
      else if (v === 'no') f.skipMe = false;
      else {
        c.w.error(ERR_SYNTAX);
        return null;
      }
    } else {
      c.w.error(ERR_SYNTAX);
      return null;
    }
  }
  return f;
}

function matches(c: Client, other: Client, f: KillFilter): boolean {
  if (f.addr !== null && other.conn.remoteAddress !== f.addr) return false;
  if (f.laddr !== null && other.conn.localAddress !== f.laddr) return false;
  if (f.type !== null && other.type !== f.type) return false;
  if (f.id !== 0 && other.id !== f.id) return false;
  if (f.user !== null && other.user !== f.user) return false;
  return !(other === c && f.skipMe);
}

/** CLIENT KILL <ip:port | <[ID client-id] | [TYPE type] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes|no]> ...> */
export function clientKillCommand(c: Client, argv: string[]): void {
  let f: KillFilter | null;
  const oldForm = argv.length === 3;
  if (oldForm) {
    // The old form may kill the calling client itself.
    f = { id: 0, addr: argv[2]!, laddr: null, type: null, user: null, skipMe: false };
  } else {
    f = parseFilter(c, argv);
    if (f === null) return;
  }
  const s = c.server;
  let killed = 0;
  let self = false;
  for (const other of [...s.clients.values()]) {
    if (!matches(c, other, f)) continue;
    killed++;
    if (other === c) self = true;
    else s.closeClient(other, true);
  }
  if (oldForm) {
    if (killed === 0) c.w.error(ERR_NO_SUCH_CLIENT);
    else c.w.ok();
  } else {
    c.w.integer(killed);
  }
  // The reply goes out first, then the connection closes.
  if (self) c.closeAfterReply = true;
}

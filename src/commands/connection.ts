// Connection commands: PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET. Passwords follow Redis 7.2 without
// ACL users: `requirepass` is the password of the one user, `default`.

import {
  ERR_AUTH_NO_PASSWORD,
  ERR_DB_INDEX,
  ERR_HELLO_NOAUTH,
  ERR_HELLO_PROTO,
  ERR_INT_RANGE,
  ERR_NOPROTO,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
  ERR_WRONGPASS,
  errArity,
  errHelloOption,
} from '../protocol/errors.ts';
import type { Client } from '../server/client.ts';
import { REDIS_VERSION } from '../server/version.ts';
import { parseInteger } from '../util/numbers.ts';
import { setClientName } from './client/client-name.ts';
import type { Handler } from './command.ts';

/** PING [message] */
function pingCommand(c: Client, argv: string[]): void {
  // The table allows any count (arity -1); PING itself takes at most one argument.
  if (argv.length > 2) {
    c.w.error(errArity('ping'));
  } else if (c.pubsub !== null && c.w.resp === 2) {
    // A subscribed RESP2 client reads everything as messages: Redis answers in a message's shape.
    c.w.array(2);
    c.w.bulk('pong');
    c.w.bulk(argv.length === 1 ? '' : argv[1]!);
  } else if (argv.length === 1) {
    c.w.simple('PONG');
  } else {
    c.w.bulk(argv[1]!);
  }
}

/** ECHO message */
function echoCommand(c: Client, argv: string[]): void {
  c.w.bulk(argv[1]!);
}

/**
 * Checks a user's password as Redis's ACLAuthenticateUser does for the default user: with no
 * requirepass the default user takes any password; other users do not exist (no ACL yet).
 */
function authenticate(c: Client, user: string, pass: string): boolean {
  if (user !== 'default') return false;
  const required = c.server.config.values.requirepass;
  if (required !== '' && pass !== required) return false;
  c.authenticated = true;
  c.user = user;
  return true;
}

/** AUTH [username] password */
function authCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.w.error(ERR_SYNTAX);
    return;
  }
  if (argv.length === 2 && !c.server.config.authRequired()) {
    c.w.error(ERR_AUTH_NO_PASSWORD);
    return;
  }
  const ok = argv.length === 2 ? authenticate(c, 'default', argv[1]!) : authenticate(c, argv[1]!, argv[2]!);
  if (ok) c.w.ok();
  else c.w.error(ERR_WRONGPASS);
}

/** HELLO [protover [AUTH username password] [SETNAME clientname]] */
function helloCommand(c: Client, argv: string[]): void {
  let ver = 0;
  if (argv.length >= 2) {
    const v = parseInteger(argv[1]!);
    if (v === null) {
      c.w.error(ERR_HELLO_PROTO);
      return;
    }
    if (v < 2 || v > 3) {
      c.w.error(ERR_NOPROTO);
      return;
    }
    ver = v;
  }
  let user: string | null = null;
  let pass = '';
  let name: string | null = null;
  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = argv.length - 1 - j;
    const lower = opt.toLowerCase();
    if (lower === 'auth' && more >= 2) {
      user = argv[j + 1]!;
      pass = argv[j + 2]!;
      j += 2;
    } else if (lower === 'setname' && more >= 1) {
      name = argv[j + 1]!;
      j++;
    } else {
      c.w.error(errHelloOption(opt));
      return;
    }
  }
  if (user !== null && !authenticate(c, user, pass)) {
    c.w.error(ERR_WRONGPASS);
    return;
  }
  if (!c.authenticated && c.server.config.authRequired()) {
    c.w.error(ERR_HELLO_NOAUTH);
    return;
  }
  if (name !== null && !setClientName(c, name)) return;
  if (ver !== 0) c.w.resp = ver as 2 | 3;
  const w = c.w;
  w.map(7);
  w.bulk('server');
  w.bulk('redis');
  w.bulk('version');
  w.bulk(REDIS_VERSION);
  w.bulk('proto');
  w.integer(w.resp);
  w.bulk('id');
  w.integer(c.id);
  w.bulk('mode');
  w.bulk('standalone');
  w.bulk('role');
  w.bulk('master');
  w.bulk('modules');
  w.array(0);
}

/** SELECT index */
function selectCommand(c: Client, argv: string[]): void {
  const id = parseInteger(argv[1]!);
  if (id === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  if (id < -2147483648 || id > 2147483647) {
    c.w.error(ERR_INT_RANGE);
    return;
  }
  const db = c.server.keyspace.dbs[id];
  if (id < 0 || db === undefined) {
    c.w.error(ERR_DB_INDEX);
    return;
  }
  c.db = db;
  c.w.ok();
}

/** QUIT: replies OK and closes once the reply is sent (deprecated in 7.2, still served). */
function quitCommand(c: Client): void {
  c.w.ok();
  c.closeAfterReply = true;
}

/**
 * RESET: back to a fresh connection's state: database 0, RESP2, no name, replies on, no-evict and
 * no-touch off, and unauthenticated when a password is set. MULTI, subscriptions and tracking are
 * dropped by their subsystems' reset hooks. The library name and version stay: they still describe
 * the client behind the connection.
 */
function resetCommand(c: Client): void {
  const s = c.server;
  for (const hook of s.clientHooks.reset) hook(c);
  c.db = s.keyspace.dbs[0]!;
  c.w.resp = 2;
  c.user = 'default';
  c.authenticated = !s.config.authRequired();
  c.name = '';
  c.replyOff = false;
  c.replySkip = false;
  c.replySkipNext = false;
  c.noEvict = false;
  c.noTouch = false;
  c.w.simple('RESET');
}

export const handlers: Record<string, Handler> = {
  ping: pingCommand,
  echo: echoCommand,
  auth: authCommand,
  hello: helloCommand,
  select: selectCommand,
  quit: quitCommand,
  reset: resetCommand,
};

// CLIENT: the connection's own settings (ID, SETNAME, GETNAME, SETINFO, REPLY, NO-EVICT, NO-TOUCH),
// listing clients (LIST, INFO) and acting on them (KILL, PAUSE, UNPAUSE). Tracking, caching and
// UNBLOCK belong to their subsystems' files.

import {
  errClientAttr,
  ERR_INVALID_CLIENT_ID,
  ERR_PAUSE_MODE,
  ERR_SYNTAX,
  ERR_TIMEOUT_NEGATIVE,
  ERR_TIMEOUT_NOT_INTEGER,
  errUnknownClientType,
  errUnknownSubcommandOrArgs,
  errUnrecognizedOption,
} from '../../protocol/errors.ts';
import { clientInfoString } from '../../server/client-info.ts';
import type { Client } from '../../server/client.ts';
import { parseInteger } from '../../util/numbers.ts';
import { clientKillCommand, parseClientType } from './client-kill.ts';
import { setClientName, validClientAttr } from './client-name.ts';
import type { Handler } from '../command.ts';

/** CLIENT ID */
function clientIdCommand(c: Client): void {
  c.w.integer(c.id);
}

/** CLIENT SETNAME connection-name */
function clientSetnameCommand(c: Client, argv: string[]): void {
  if (setClientName(c, argv[2]!)) c.w.ok();
}

/** CLIENT GETNAME */
function clientGetnameCommand(c: Client): void {
  if (c.name === '') c.w.nullBulk();
  else c.w.bulk(c.name);
}

/** CLIENT SETINFO <LIB-NAME libname | LIB-VER libver> (Redis 7.2) */
function clientSetinfoCommand(c: Client, argv: string[]): void {
  const attr = argv[2]!;
  const value = argv[3]!;
  const which = attr.toLowerCase();
  if (which !== 'lib-name' && which !== 'lib-ver') {
    c.w.error(errUnrecognizedOption(attr));
    return;
  }
  if (!validClientAttr(value)) {
    c.w.error(errClientAttr(attr));
    return;
  }
  if (which === 'lib-name') c.libName = value;
  else c.libVer = value;
  c.w.ok();
}

/** CLIENT INFO */
function clientInfoCommand(c: Client, argv: string[]): void {
  c.w.verbatim(clientInfoString(c, argv) + '\n');
}

/** CLIENT LIST [TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id [client-id ...]] */
function clientListCommand(c: Client, argv: string[]): void {
  const clients = c.server.clients;
  let out = '';
  if (argv.length === 4 && argv[2]!.toLowerCase() === 'type') {
    const type = parseClientType(argv[3]!);
    if (type === null) {
      c.w.error(errUnknownClientType(argv[3]!));
      return;
    }
    for (const other of clients.values()) if (other.type === type) out += clientInfoString(other, other === c ? argv : null) + '\n';
  } else if (argv.length > 3 && argv[2]!.toLowerCase() === 'id') {
    const ids: number[] = [];
    for (let j = 3; j < argv.length; j++) {
      const id = parseInteger(argv[j]!);
      if (id === null) {
        c.w.error(ERR_INVALID_CLIENT_ID);
        return;
      }
      ids.push(id);
    }
    for (const id of ids) {
      const other = clients.get(id);
      if (other !== undefined) out += clientInfoString(other, other === c ? argv : null) + '\n';
    }
  } else if (argv.length !== 2) {
    c.w.error(ERR_SYNTAX);
    return;
  } else {
    for (const other of clients.values()) out += clientInfoString(other, other === c ? argv : null) + '\n';
  }
  c.w.verbatim(out);
}

/** Parses an ON|OFF argument; replies with a syntax error and returns null otherwise. */
function onOff(c: Client, arg: string): boolean | null {
  const v = arg.toLowerCase();
  if (v === 'on') return true;
  if (v === 'off') return false;
  c.w.error(ERR_SYNTAX);
  return null;
}

/** CLIENT NO-EVICT <ON | OFF> */
function clientNoEvictCommand(c: Client, argv: string[]): void {
  const v = onOff(c, argv[2]!);
  if (v === null) return;
  c.noEvict = v;
  c.w.ok();
}

/** CLIENT NO-TOUCH <ON | OFF> (Redis 7.2): reads stop updating the keys' LRU/LFU. */
function clientNoTouchCommand(c: Client, argv: string[]): void {
  const v = onOff(c, argv[2]!);
  if (v === null) return;
  c.noTouch = v;
  c.w.ok();
}

/** CLIENT REPLY <ON | OFF | SKIP>: OFF and SKIP send nothing, not even OK (see dispatcher endReply). */
function clientReplyCommand(c: Client, argv: string[]): void {
  const mode = argv[2]!.toLowerCase();
  if (mode === 'on') {
    c.replyOff = false;
    c.replySkip = false;
    c.w.ok();
  } else if (mode === 'off') {
    c.replyOff = true;
  } else if (mode === 'skip') {
    if (!c.replyOff) c.replySkipNext = true;
  } else {
    c.w.error(ERR_SYNTAX);
  }
}

/** CLIENT PAUSE timeout [WRITE | ALL] */
function clientPauseCommand(c: Client, argv: string[]): void {
  if (argv.length > 4) {
    c.w.error(errUnknownSubcommandOrArgs(argv[1]!, argv[0]!));
    return;
  }
  let all = true;
  if (argv.length === 4) {
    const mode = argv[3]!.toLowerCase();
    if (mode === 'write') all = false;
    else if (mode !== 'all') {
      c.w.error(ERR_PAUSE_MODE);
      return;
    }
  }
  const ms = parseInteger(argv[2]!);
  if (ms === null) {
    c.w.error(ERR_TIMEOUT_NOT_INTEGER);
    return;
  }
  if (ms < 0) {
    c.w.error(ERR_TIMEOUT_NEGATIVE);
    return;
  }
  const s = c.server;
  s.pause.pause(all, ms > 0 ? s.clock.now() + ms : 0);
  c.w.ok();
}

/** CLIENT UNPAUSE */
function clientUnpauseCommand(c: Client): void {
  c.server.pause.unpause();
  c.w.ok();
}

const HELP = [
  'CACHING (YES|NO)',
  '    In OPTIN or OPTOUT tracking mode, choose whether the next command\'s keys are tracked.',
  'GETREDIR',
  '    The ID of the client tracking invalidations are redirected to (-1: none, 0: not tracking).',
  'GETNAME',
  '    The name of this connection.',
  'ID',
  '    The ID of this connection.',
  'INFO',
  '    One line describing this connection, as CLIENT LIST shows it.',
  'KILL <ip:port>',
  '    Close the connection coming from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Close every connection matching all the filters given:',
  '    * ID <client-id>',
  '      The connection with this ID.',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Connections coming from this address.',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Connections made to this local address.',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Connections of this type.',
  '    * USER <username>',
  '      Connections authenticated as this user.',
  '    * SKIPME (YES|NO)',
  '      Whether this connection is spared (default: yes).',
  'LIST [options ...]',
  '    Describe the connections, one per line. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Only connections of this type.',
  '    * ID <client-id> [<client-id> ...]',
  '      Only the connections with these IDs.',
  'UNPAUSE',
  '    End a CLIENT PAUSE now.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Hold back the commands of all clients, or only their writes, for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Turn replies on or off for this connection, or skip the reply to the next command.',
  'SETINFO <option> <value>',
  '    Record the client library in use: LIB-NAME or LIB-VER.',
  'SETNAME <name>',
  '    Name this connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Wake a client blocked in a blocking command, as on timeout or with an error.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Turn server-assisted client-side caching on or off.',
  'TRACKINGINFO',
  '    How tracking is set up for this connection.',
  'NO-EVICT (ON|OFF)',
  '    Spare this connection from client eviction.',
  'NO-TOUCH (ON|OFF)',
  '    Stop this connection\'s reads from updating the keys\' access time.',
];

/** CLIENT HELP */
function clientHelpCommand(c: Client): void {
  c.w.help('client', HELP);
}

export const handlers: Record<string, Handler> = {
  'client|id': clientIdCommand,
  'client|setname': clientSetnameCommand,
  'client|getname': clientGetnameCommand,
  'client|setinfo': clientSetinfoCommand,
  'client|info': clientInfoCommand,
  'client|list': clientListCommand,
  'client|kill': clientKillCommand,
  'client|no-evict': clientNoEvictCommand,
  'client|no-touch': clientNoTouchCommand,
  'client|reply': clientReplyCommand,
  'client|pause': clientPauseCommand,
  'client|unpause': clientUnpauseCommand,
  'client|help': clientHelpCommand,
};

// Pub/Sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB's introspection.
// Without cluster mode a shard channel is just a channel in a namespace of its own. The delivery and
// bookkeeping live in server/pubsub.ts; the RESP2 subscribed-context gate is the dispatcher's.

import { ERR_SSUBSCRIBE_DENY_BLOCKING, errUnknownSubcommandOrArgs } from '../protocol/errors.ts';
import type { Client } from '../server/client.ts';
import {
  CHANNELS,
  PATTERNS,
  publish,
  publishShard,
  SHARD,
  subscribe,
  unsubscribe,
  unsubscribeAll,
  type PubSubKind,
} from '../server/pubsub.ts';
import { globMatch } from '../util/glob.ts';
import type { Handler } from './command.ts';

function subscribeGeneric(c: Client, argv: string[], kind: PubSubKind): void {
  for (let i = 1; i < argv.length; i++) subscribe(c, kind, argv[i]!);
}

function unsubscribeGeneric(c: Client, argv: string[], kind: PubSubKind): void {
  if (argv.length === 1) unsubscribeAll(c, kind);
  else for (let i = 1; i < argv.length; i++) unsubscribe(c, kind, argv[i]!);
}

/** SUBSCRIBE channel [channel ...] (allowed inside EXEC, as Redis keeps for compatibility) */
function subscribeCommand(c: Client, argv: string[]): void {
  subscribeGeneric(c, argv, CHANNELS);
}

/** PSUBSCRIBE pattern [pattern ...] */
function psubscribeCommand(c: Client, argv: string[]): void {
  subscribeGeneric(c, argv, PATTERNS);
}

/** SSUBSCRIBE shardchannel [shardchannel ...] (refused inside EXEC: it has no compatibility to keep) */
function ssubscribeCommand(c: Client, argv: string[]): void {
  if (c.inExec) {
    c.w.error(ERR_SSUBSCRIBE_DENY_BLOCKING);
    return;
  }
  subscribeGeneric(c, argv, SHARD);
}

/** UNSUBSCRIBE [channel [channel ...]] */
function unsubscribeCommand(c: Client, argv: string[]): void {
  unsubscribeGeneric(c, argv, CHANNELS);
}

/** PUNSUBSCRIBE [pattern [pattern ...]] */
function punsubscribeCommand(c: Client, argv: string[]): void {
  unsubscribeGeneric(c, argv, PATTERNS);
}

/** SUNSUBSCRIBE [shardchannel [shardchannel ...]] */
function sunsubscribeCommand(c: Client, argv: string[]): void {
  unsubscribeGeneric(c, argv, SHARD);
}

/** PUBLISH channel message */
function publishCommand(c: Client, argv: string[]): void {
  c.w.integer(publish(c.server, argv[1]!, argv[2]!));
}

/** SPUBLISH shardchannel message */
function spublishCommand(c: Client, argv: string[]): void {
  c.w.integer(publishShard(c.server, argv[1]!, argv[2]!));
}

/** The names of a map matching an optional pattern (PUBSUB CHANNELS / SHARDCHANNELS). */
function channelList(c: Client, argv: string[], map: Map<string, Set<Client>>): void {
  if (argv.length > 3) {
    c.w.error(errUnknownSubcommandOrArgs(argv[1]!, 'pubsub'));
    return;
  }
  const pattern = argv.length === 3 ? argv[2]! : null;
  const names: string[] = [];
  for (const name of map.keys()) if (pattern === null || globMatch(pattern, name)) names.push(name);
  c.w.array(names.length);
  for (const n of names) c.w.bulk(n);
}

/** Channel, subscriber-count pairs (PUBSUB NUMSUB / SHARDNUMSUB): a flat array, also in RESP3. */
function numsub(c: Client, argv: string[], map: Map<string, Set<Client>>): void {
  c.w.array((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    c.w.bulk(argv[i]!);
    c.w.integer(map.get(argv[i]!)?.size ?? 0);
  }
}

/** PUBSUB CHANNELS [pattern] */
function pubsubChannelsCommand(c: Client, argv: string[]): void {
  channelList(c, argv, c.server.pubsub.channels);
}

/** PUBSUB SHARDCHANNELS [pattern] */
function pubsubShardchannelsCommand(c: Client, argv: string[]): void {
  channelList(c, argv, c.server.pubsub.shardChannels);
}

/** PUBSUB NUMSUB [channel [channel ...]] */
function pubsubNumsubCommand(c: Client, argv: string[]): void {
  numsub(c, argv, c.server.pubsub.channels);
}

/** PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]] */
function pubsubShardnumsubCommand(c: Client, argv: string[]): void {
  numsub(c, argv, c.server.pubsub.shardChannels);
}

/** PUBSUB NUMPAT: how many distinct patterns have subscribers. */
function pubsubNumpatCommand(c: Client): void {
  c.w.integer(c.server.pubsub.patterns.size);
}

// The syntax lines are Redis's; the descriptions are our own words.
const HELP = [
  'CHANNELS [<pattern>]',
  '    List the channels that have subscribers, optionally only those matching <pattern>.',
  'NUMPAT',
  '    Count the distinct patterns that have subscribers.',
  'NUMSUB [<channel> ...]',
  '    For each <channel>, its number of direct subscribers (pattern subscribers are not',
  '    counted).',
  'SHARDCHANNELS [<pattern>]',
  '    List the shard channels that have subscribers, optionally only those matching <pattern>.',
  'SHARDNUMSUB [<shardchannel> ...]',
  '    For each <shardchannel>, its number of subscribers.',
];

/** PUBSUB HELP */
function pubsubHelpCommand(c: Client): void {
  c.w.help('pubsub', HELP);
}

export const handlers: Record<string, Handler> = {
  subscribe: subscribeCommand,
  psubscribe: psubscribeCommand,
  ssubscribe: ssubscribeCommand,
  unsubscribe: unsubscribeCommand,
  punsubscribe: punsubscribeCommand,
  sunsubscribe: sunsubscribeCommand,
  publish: publishCommand,
  spublish: spublishCommand,
  'pubsub|channels': pubsubChannelsCommand,
  'pubsub|shardchannels': pubsubShardchannelsCommand,
  'pubsub|numsub': pubsubNumsubCommand,
  'pubsub|shardnumsub': pubsubShardnumsubCommand,
  'pubsub|numpat': pubsubNumpatCommand,
  'pubsub|help': pubsubHelpCommand,
};

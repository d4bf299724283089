// The channels, patterns and shard channels a connection is subscribed to, kept from the server's
// own confirmations so that a reconnect can subscribe again to exactly the same set.

import type { ReplyValue } from '../protocol/reply-reader.ts';
import type { Arg } from './request-buffer.ts';

const CONFIRMATIONS = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe']);

export class Subscriptions {
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shards = new Set<string>();

  /** True while subscribed to anything: RESP2 replies may then be messages. */
  get active(): boolean {
    return this.channels.size + this.patterns.size + this.shards.size > 0;
  }

  /**
   * Classifies a reply that may belong to pub/sub: a message (emitted as 'message', 'pmessage' or
   * 'smessage'), a subscription confirmation (tracked), or neither (null).
   */
  route(items: ReplyValue[], emit: (event: string, ...args: unknown[]) => void): 'message' | 'confirm' | null {
    const k = items[0];
    const kind = typeof k === 'string' ? k : Buffer.isBuffer(k) ? k.toString('latin1') : null;
    if (kind === null) return null;
    if ((kind === 'message' || kind === 'smessage') && items.length === 3) {
      emit(kind, items[1], items[2]);
      return 'message';
    }
    if (kind === 'pmessage' && items.length === 4) {
      emit('pmessage', items[1], items[2], items[3]);
      return 'message';
    }
    if (!CONFIRMATIONS.has(kind) || items.length !== 3) return null;
    this.confirm(kind, items[1] ?? null);
    return 'confirm';
  }

  confirm(kind: string, name: ReplyValue): void {
    if (name === null) return;
    const n = Buffer.isBuffer(name) ? name.toString('latin1') : typeof name === 'string' ? name : String(name as number);
    switch (kind) {
      case 'subscribe':
        this.channels.add(n);
        break;
      case 'unsubscribe':
        this.channels.delete(n);
        break;
      case 'psubscribe':
        this.patterns.add(n);
        break;
      case 'punsubscribe':
        this.patterns.delete(n);
        break;
      case 'ssubscribe':
        this.shards.add(n);
        break;
      case 'sunsubscribe':
        this.shards.delete(n);
        break;
    }
  }

  /** The commands that restore every subscription on a new connection. */
  resubscribeCommands(): Arg[][] {
    const out: Arg[][] = [];
    if (this.channels.size > 0) out.push(['SUBSCRIBE', ...this.channels]);
    if (this.patterns.size > 0) out.push(['PSUBSCRIBE', ...this.patterns]);
    if (this.shards.size > 0) out.push(['SSUBSCRIBE', ...this.shards]);
    return out;
  }
}

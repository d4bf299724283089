// The channels, patterns and shard channels a connection is subscribed to, kept from the server's
// own confirmations so that a reconnect can subscribe again to exactly the same set.

import type { ReplyValue } from '../protocol/reply-reader.ts';
import type { Arg } from './request-buffer.ts';

export class Subscriptions {
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shards = new Set<string>();

  /** True while subscribed to anything: RESP2 replies may then be messages. */
  get active(): boolean {
    return this.channels.size + this.patterns.size + this.shards.size > 0;
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

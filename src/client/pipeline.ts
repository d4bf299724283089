// Explicit pipelines and transactions. Both collect commands (with the same typed methods as the
// client) and send them in one write on exec().

import { ReplyError, type ReplyValue } from '../protocol/reply-reader.ts';
import type { RespiteClient } from './client.ts';
import { CommandMethods } from './commands.generated.ts';
import type { Arg } from './request-buffer.ts';

abstract class Batch<R> extends CommandMethods<R> {
  protected readonly conn: RespiteClient;
  protected readonly queued: Arg[][] = [];

  constructor(client: RespiteClient) {
    super();
    this.conn = client;
  }

  /** Queues any command. */
  send(args: Arg[]): R {
    this.queued.push(args);
    return this as unknown as R;
  }

  get length(): number {
    return this.queued.length;
  }
}

export class Pipeline extends Batch<Pipeline> {
  /** Sends every queued command; resolves with one reply per command (error replies as ReplyError values). */
  exec(): Promise<ReplyValue[]> {
    return Promise.all(this.conn.sendMany(this.queued, { errorsAsValues: true }));
  }
}

export class Multi extends Batch<Multi> {
  /**
   * Sends MULTI, the commands and EXEC in one write. Resolves with EXEC's replies (error replies
   * of single commands as ReplyError values), or null when a WATCHed key changed; rejects with the
   * EXECABORT error when a command was refused while queueing.
   */
  async exec(): Promise<ReplyValue[] | null> {
    const replies = await Promise.all(this.conn.sendMany([['MULTI'], ...this.queued, ['EXEC']], { errorsAsValues: true }));
    const exec = replies[replies.length - 1]!;
    if (exec instanceof ReplyError) throw exec;
    if (exec === null) return null;
    return exec as ReplyValue[];
  }
}

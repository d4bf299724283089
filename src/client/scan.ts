// SCAN as an async iterator over keys (one SCAN call per batch, until the cursor returns to 0).

import type { ReplyValue } from '../protocol/reply-reader.ts';
import type { Arg } from './request-buffer.ts';

export interface ScanOptions {
  match?: string;
  count?: number;
  type?: string;
}

export async function* scanKeys(send: (args: Arg[]) => Promise<ReplyValue>, options: ScanOptions): AsyncGenerator<ReplyValue> {
  let cursor = '0';
  do {
    const args: Arg[] = ['SCAN', cursor];
    if (options.match !== undefined) args.push('MATCH', options.match);
    if (options.count !== undefined) args.push('COUNT', options.count);
    if (options.type !== undefined) args.push('TYPE', options.type);
    const [next, keys] = (await send(args)) as [ReplyValue, ReplyValue[]];
    cursor = Buffer.isBuffer(next) ? next.toString('latin1') : String(next as string);
    yield* keys;
  } while (cursor !== '0');
}

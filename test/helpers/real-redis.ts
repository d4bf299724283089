// Debian's real redis-server, for differential tests: the same commands to both servers, the same
// replies expected. Where redis-server is not installed, callers skip with a message saying so.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { RawConnection } from './server.ts';

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

let available: boolean | null = null;

/** True when a redis-server binary can be run here. */
export function hasRealRedis(): boolean {
  if (available === null) {
    const r = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
    available = r.status === 0;
  }
  return available;
}

/** The reason a differential test skips, for node:test's `skip` option. */
export const SKIP_NO_REDIS = hasRealRedis() ? false : 'redis-server is not installed (apt-get install redis-server)';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface RealRedis {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a throwaway redis-server on a free loopback port, without persistence. */
export async function startRealRedis(extraArgs: string[] = []): Promise<RealRedis> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const proc = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no',
        '--loglevel', 'warning', ...extraArgs],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && proc.exitCode === null) {
      try {
        const c = await RawConnection.connect(port);
        const pong = await c.call('PING');
        c.close();
        if (pong === 'PONG') {
          return {
            port,
            process: proc,
            stop: async () => {
              proc.kill('SIGKILL');
              await exited;
            },
          };
        }
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    proc.kill('SIGKILL');
    if (attempt >= 2) throw new Error('could not start redis-server');
  }
}

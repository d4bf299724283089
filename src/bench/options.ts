// respite-benchmark's command line: redis-benchmark's flags (parsed the same way: options first,
// then an optional command and its arguments), plus --json, --compare HOST:PORT and --rounds N.

import { parseRedisUrl } from '../client/url.ts';
import type { Target } from './runner.ts';

export interface BenchOptions extends Target {
  auth?: string;
  user?: string;
  dbnum: number;
  resp3: boolean;
  clients: number;
  requests: number;
  datasize: number;
  keyspacelen: number;
  pipeline: number;
  quiet: boolean;
  csv: boolean;
  json: boolean;
  loop: boolean;
  keepalive: boolean;
  showErrors: boolean;
  precision: number;
  threads: number;
  /** -t, lowercased and wrapped in commas (`,get,set,`), or null for every test. */
  tests: string | null;
  compare: Target | null;
  rounds: number;
  help: boolean;
  version: boolean;
  /** The command given after the options, if any. */
  command: string[];
}

export class OptionError extends Error {}

function int(v: string | undefined): number {
  // atoi semantics: leading digits, 0 when none.
  const m = /^\s*[+-]?\d+/.exec(v ?? '');
  return m === null ? 0 : parseInt(m[0], 10);
}

export function parseTarget(s: string): Target {
  if (s.startsWith('/')) return { host: '127.0.0.1', port: 6379, socket: s };
  const colon = s.lastIndexOf(':');
  if (colon <= 0) return { host: s, port: 6379 };
  return { host: s.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(s.slice(colon + 1)) };
}

export function parseOptions(argv: string[]): BenchOptions {
  const o: BenchOptions = {
    host: '127.0.0.1', port: 6379, dbnum: 0, resp3: false, clients: 50, requests: 100000, datasize: 3,
    keyspacelen: 0, pipeline: 1, quiet: false, csv: false, json: false, loop: false, keepalive: true,
    showErrors: false, precision: 3, threads: 0, tests: null, compare: null, rounds: 5, help: false,
    version: false, command: [],
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const hasNext = i + 1 < argv.length;
    const next = (): string => {
      if (!hasNext) throw new OptionError(a);
      return argv[++i]!;
    };
    switch (a) {
      case '-c': o.clients = int(next()); break;
      case '-n': o.requests = int(next()); break;
      case '-k': o.keepalive = int(next()) !== 0; break;
      case '-h': o.host = next(); break;
      case '-p': o.port = int(next()); break;
      case '-s': o.socket = next(); break;
      case '-a': o.auth = next(); break;
      case '--user': o.user = next(); break;
      case '-u': {
        const u = parseRedisUrl(next());
        if (u.host !== undefined) o.host = u.host;
        if (u.port !== undefined) o.port = u.port;
        if (u.path !== undefined) o.socket = u.path;
        if (u.password !== undefined) o.auth = u.password;
        if (u.username !== undefined) o.user = u.username;
        if (u.db !== undefined) o.dbnum = u.db;
        break;
      }
      case '-d': o.datasize = Math.min(Math.max(int(next()), 1), 1024 * 1024 * 1024); break;
      case '-P': o.pipeline = Math.max(int(next()), 1); break;
      case '-r': {
        const v = next();
        o.keyspacelen = int(v);
        if (o.keyspacelen < 0) o.keyspacelen = 0;
        break;
      }
      case '-q': o.quiet = true; break;
      case '--csv': o.csv = true; break;
      case '--json': o.json = true; break;
      case '-l': o.loop = true; break;
      case '-e': o.showErrors = true; break;
      case '-3': o.resp3 = true; break;
      case '-t': o.tests = `,${next().toLowerCase()},`; break;
      case '--dbnum': o.dbnum = int(next()); break;
      case '--precision': {
        o.precision = int(next());
        if (o.precision < 0) o.precision = 3;
        if (o.precision > 4) o.precision = 4;
        break;
      }
      case '--threads': o.threads = Math.min(int(next()), 500); break;
      case '--compare': o.compare = parseTarget(next()); break;
      case '--rounds': o.rounds = Math.max(1, int(next())); break;
      case '--help': o.help = true; break;
      case '--version': o.version = true; break;
      default:
        if (a.startsWith('-')) throw new OptionError(a);
        o.command = argv.slice(i);
        return o;
    }
  }
  return o;
}

export const USAGE = `Usage: respite-benchmark [OPTIONS] [COMMAND ARGS...]

Options:
 -h <hostname>      Server hostname (default 127.0.0.1)
 -p <port>          Server port (default 6379)
 -s <socket>        Server socket (overrides host and port)
 -a <password>      Password for Redis Auth
 --user <username>  Used to send ACL style 'AUTH username pass'. Needs -a.
 -u <uri>           Server URI.
 -c <clients>       Number of parallel connections (default 50)
 -n <requests>      Total number of requests (default 100000)
 -d <size>          Data size of SET/GET value in bytes (default 3)
 --dbnum <db>       SELECT the specified db number (default 0)
 -3                 Start session in RESP3 protocol mode.
 --threads <num>    Enable multi-thread mode.
 -k <boolean>       1=keep alive 0=reconnect (default 1)
 -r <keyspacelen>   Use random keys for SET/GET/INCR, random values for SADD,
                    random members and scores for ZADD. __rand_int__ inside an
                    argument becomes a 12 digits number from 0 to keyspacelen-1,
                    a new one for every request.
 -P <numreq>        Pipeline <numreq> requests. Default 1 (no pipeline).
 -e                 If server replies with errors, show them on stdout.
                    (no more than 1 error per second is displayed)
 -q                 Quiet. Just show query/sec values
 --precision        Significant digits of the latency histogram (default 3)
 --csv              Output in CSV format
 --json             Output one JSON document with every test's figures
                    (rps, avg/min/p50/p95/p99/p99.9/max latency in ms)
 -l                 Loop. Run the tests forever
 -t <tests>         Only run the comma separated list of tests. The test
                    names are the same as the ones produced as output.
 --compare <host:port>  Run each test alternately against both servers for
                    several rounds; print medians and ratios (second / first).
 --rounds <n>       Rounds for --compare (default 5)
 --help             Output this help and exit.
 --version          Output version and exit.

Examples:

 Run the benchmark with the default configuration against 127.0.0.1:6379:
   $ respite-benchmark

 Compare Respite on 6380 with redis-server on 6379, GET and SET, 5 rounds:
   $ respite-benchmark -p 6379 --compare 127.0.0.1:6380 -t get,set -q

 Benchmark a specific command line:
   $ respite-benchmark -r 10000 -n 10000 lpush mylist __rand_int__
`;

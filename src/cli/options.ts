// respite-cli's command line, parsed as redis-cli parses its own: options first, then the
// command and its arguments. The last of --raw / --no-raw / --csv wins.

export type OutputChoice = 'auto' | 'raw' | 'tty' | 'csv';

export interface CliOptions {
  host: string;
  port: number;
  socket?: string;
  user?: string;
  pass?: string;
  db: number;
  resp3: boolean;
  repeat: number;
  /** -i in seconds (fractions allowed); null when not given. */
  interval: number | null;
  stdinArg: boolean;
  exitOnError: boolean;
  output: OutputChoice;
  noAuthWarning: boolean;
  /** A password came from -a or -u: redis-cli warns about it. */
  passOnCommandLine: boolean;
  mode: 'command' | 'latency' | 'latency-history' | 'latency-dist' | 'stat' | 'scan' | 'bigkeys' | 'memkeys' | 'pipe' | 'eval';
  latencySampleRate: number;
  pattern: string;
  count: number | null;
  memkeysSamples: number | null;
  pipeTimeout: number;
  evalFile: string;
  bulkDelim: string;
  cmdDelim: string;
  help: boolean;
  version: boolean;
  /** The command and its arguments, as latin1 strings. */
  command: string[];
}

export class OptionError extends Error {}

/** Command-line strings arrive decoded as UTF-8; the wire wants their bytes. */
export function toBytes(s: string): string {
  return Buffer.from(s, 'utf8').latin1Slice(0, Buffer.byteLength(s, 'utf8'));
}

function parseUri(o: CliOptions, uri: string): void {
  const m = /^redis(s?):\/\/(?:([^@/]*)@)?([^/:]*)?(?::(\d+))?(?:\/(\d*))?$/i.exec(uri);
  if (m === null) throw new OptionError(`Invalid URI scheme\n`);
  const [, , userinfo, host, port, db] = m;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    if (colon >= 0) {
      if (colon > 0) o.user = decodeURIComponent(userinfo.slice(0, colon));
      o.pass = decodeURIComponent(userinfo.slice(colon + 1));
    } else {
      o.pass = decodeURIComponent(userinfo);
    }
    o.passOnCommandLine = true;
  }
  if (host !== undefined && host !== '') o.host = host;
  if (port !== undefined) o.port = Number(port);
  if (db !== undefined && db !== '') o.db = Number(db);
}

function unescape(s: string): string {
  return s.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t');
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const o: CliOptions = {
    host: '127.0.0.1', port: 6379, db: 0, resp3: false, repeat: 1, interval: null, stdinArg: false,
    exitOnError: false, output: 'auto', noAuthWarning: false, passOnCommandLine: false, mode: 'command',
    latencySampleRate: 100, pattern: '*', count: null, memkeysSamples: null, pipeTimeout: 30, evalFile: '',
    bulkDelim: '\n', cmdDelim: '\n', help: false, version: false, command: [],
  };
  if (env.REDISCLI_AUTH !== undefined) o.pass = env.REDISCLI_AUTH;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const last = i === argv.length - 1;
    const next = (): string => {
      if (last) throw new OptionError(a);
      return argv[++i]!;
    };
    switch (a) {
      case '-h': o.host = next(); break;
      case '-p': o.port = parseInt(next(), 10) || 0; break;
      case '-s': o.socket = next(); break;
      case '-a':
      case '--pass':
        o.pass = toBytes(next());
        o.passOnCommandLine = true;
        break;
      case '--user': o.user = toBytes(next()); break;
      case '-u': parseUri(o, next()); break;
      case '-n': o.db = parseInt(next(), 10) || 0; break;
      case '-r': o.repeat = parseInt(next(), 10) || 0; break;
      case '-i': o.interval = Number(next()) || 0; break;
      case '-x': o.stdinArg = true; break;
      case '-e': o.exitOnError = true; break;
      case '-d': o.bulkDelim = unescape(next()); break;
      case '-D': o.cmdDelim = unescape(next()); break;
      case '--raw': o.output = 'raw'; break;
      case '--no-raw': o.output = 'tty'; break;
      case '--csv': o.output = 'csv'; break;
      case '-3': o.resp3 = true; break;
      case '-2': o.resp3 = false; break;
      case '--no-auth-warning': o.noAuthWarning = true; break;
      case '--latency': o.mode = 'latency'; break;
      case '--latency-history': o.mode = 'latency-history'; break;
      case '--latency-dist': o.mode = 'latency-dist'; break;
      case '--latency-sample-rate': o.latencySampleRate = Math.max(0, Number(next()) || 0); break;
      case '--stat': o.mode = 'stat'; break;
      case '--scan': o.mode = 'scan'; break;
      case '--pattern': o.pattern = toBytes(next()); break;
      case '--count': o.count = parseInt(next(), 10) || 10; break;
      case '--bigkeys': o.mode = 'bigkeys'; break;
      case '--memkeys': o.mode = 'memkeys'; break;
      case '--memkeys-samples': o.mode = 'memkeys'; o.memkeysSamples = parseInt(next(), 10) || 0; break;
      case '--pipe': o.mode = 'pipe'; break;
      case '--pipe-timeout': o.pipeTimeout = parseInt(next(), 10) || 0; break;
      case '--eval': o.mode = 'eval'; o.evalFile = next(); break;
      case '--help': o.help = true; break;
      case '-v':
      case '--version': o.version = true; break;
      default:
        if (a.startsWith('-') && a.length > 1) throw new OptionError(a);
        o.command = argv.slice(i).map(toBytes);
        return o;
    }
  }
  return o;
}

export const USAGE = `respite-cli 0.1.0 (a drop-in for redis-cli)

Usage: respite-cli [OPTIONS] [cmd [arg [arg ...]]]
  -h <hostname>      Server hostname (default: 127.0.0.1).
  -p <port>          Server port (default: 6379).
  -s <socket>        Server socket (overrides hostname and port).
  -a <password>      Password to use when connecting to the server.
                     You can also use the REDISCLI_AUTH environment
                     variable to pass this password more safely.
  --user <username>  Used to send ACL style 'AUTH username pass'. Needs -a.
  --pass <password>  Alias of -a for consistency with the new --user option.
  --no-auth-warning  Don't show warning message when using password on command
                     line interface.
  -u <uri>           Server URI: redis://[[user]:password@]host[:port][/db]
  -r <repeat>        Execute specified command N times (-1: forever).
  -i <interval>      When -r is used, waits <interval> seconds per command.
                     It is possible to specify sub-second times like -i 0.1.
                     Also the interval of --latency-history, --latency-dist,
                     --stat and --scan.
  -n <db>            Database number.
  -2 / -3            Start session in RESP2 / RESP3 protocol mode.
  -x                 Read last argument from STDIN.
  -d <delimiter>     Delimiter between response bulks for raw formatting (default: \\n).
  -D <delimiter>     Delimiter between responses for raw formatting (default: \\n).
  -e                 Return exit error code when command execution fails.
  --raw              Use raw formatting for replies (default when STDOUT is
                     not a tty).
  --no-raw           Force formatted output even when STDOUT is not a tty.
  --csv              Output in CSV format.
  --stat             Print rolling stats about server: mem, clients, ...
  --latency          Enter a special mode continuously sampling latency
                     (milliseconds, three decimals). On a terminal it runs
                     forever; otherwise it samples for 1 second (or -i) and
                     prints a single line.
  --latency-history  Like --latency but tracking latency changes over time.
                     Default time interval is 15 sec. Change it using -i.
  --latency-dist     Shows latency as a spectrum, requires xterm 256 colors.
                     Default time interval is 1 sec. Change it using -i.
  --latency-sample-rate <n>  Latency samples per second (default 100;
                     0 samples continuously).
  --pipe             Transfer raw Redis protocol from stdin to server.
  --pipe-timeout <n> In --pipe mode, abort with error if after sending all data.
                     no reply is received within <n> seconds.
                     Default timeout: 30. Use 0 to wait forever.
  --bigkeys          Sample keys looking for keys with many elements (complexity).
  --memkeys          Sample keys looking for keys consuming a lot of memory.
  --memkeys-samples <n> Like --memkeys, with <n> key elements sampled.
  --scan             List all keys using the SCAN command.
  --pattern <pat>    Keys pattern when using the --scan, --bigkeys or --memkeys
                     options (default: *).
  --count <count>    Count option when using --scan, --bigkeys or --memkeys (default: 10).
  --eval <file>      Send an EVAL command using the Lua script at <file>.
  --help             Output this help and exit.
  --version          Output version and exit.

Examples:
  cat /etc/passwd | respite-cli -x set mypasswd
  respite-cli -r 100 lpush mylist x
  respite-cli -r 100 -i 1 info | grep used_memory_human:
  respite-cli --eval myscript.lua key1 key2 , arg1 arg2 arg3
  respite-cli --scan --pattern '*:12345*'

When no command is given, respite-cli starts in interactive mode.
Type "help" in interactive mode for information on available commands.
`;

// redis.conf and command-line parsing with Redis's rules (loadServerConfigFromString, and the
// argument handling of redis-server's main): lines split as sdssplitargs does, `#` comments,
// `include` (paths relative to the working directory, globs expanding to sorted files, a glob that
// matches nothing being no error), `--option value...` arguments appended as config lines after
// the file and stdin, the first error being fatal with Redis's message.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { splitArgs } from '../protocol/split-args.ts';
import { globMatch } from '../util/glob.ts';
import { DEPRECATED_DIRECTIVES, type OptionDef } from './config-options.ts';
import { strerror } from './config-parse.ts';
import { repr } from '../util/repr.ts';
import type { Config } from './config.ts';
import { REDIS_VERSION } from './version.ts';

/** A fatal configuration error: `text` is what goes to stderr (or, when `log`, to the log). */
export class ConfigFileError extends Error {
  readonly text: string;
  /** True for "can't open config file", which Redis logs (stdout) rather than prints to stderr. */
  readonly log: boolean;

  constructor(text: string, log = false) {
    super(text);
    this.text = text;
    this.log = log;
  }
}

function fatal(err: string, lineNum?: number, line?: string): ConfigFileError {
  let text = `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n`;
  if (lineNum !== undefined) text += `Reading the configuration file, at line ${lineNum}\n>>> '${line!}'\n`;
  return new ConfigFileError(`${text}${err}\n`);
}

/** Extra directives a stock redis.conf may hold that Respite keeps but does not act on yet. */
export interface Directives {
  users: string[][];
  renames: [string, string][];
}

/** State kept across the lines of one load (Redis resets `save` only at its first line). */
interface LoadState {
  saveSeen: boolean;
  directives: Directives;
}

/** Applies config text (a whole redis.conf, maybe with options appended) to `config`. Throws ConfigFileError. */
export function loadConfigText(config: Config, text: string, state?: LoadState): Directives {
  const st = state ?? { saveSeen: false, directives: { users: [], renames: [] } };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (line === '' || line.startsWith('#')) continue;
    const argv = splitArgs(line);
    if (argv === null) throw fatal('Unbalanced quotes in configuration line', i + 1, line);
    if (argv.length === 0) continue;
    const name = argv[0]!.toLowerCase();
    const err = applyLine(config, name, argv, st);
    if (err !== null) throw fatal(err, i + 1, line);
  }
  if (state === undefined) {
    const logfile = config.values.logfile;
    if (logfile !== '') {
      try {
        readFileSync(logfile, { flag: 'a' });
      } catch (e) {
        throw fatal(`Can't open the log file: ${strerror(e)}`);
      }
    }
  }
  return st.directives;
}

function applyLine(config: Config, name: string, argv: string[], st: LoadState): string | null {
  const o: OptionDef | undefined = config.lookup(name);
  if (o !== undefined) {
    if (!o.multiArg && argv.length !== 2) return 'wrong number of arguments';
    const before = config.raw(o);
    const err = config.set(o, argv.slice(1));
    if (err !== null) return err;
    // Later `save` lines add to the first one's list instead of replacing it.
    if (o.name === 'save') {
      if (st.saveSeen) config.values.save = [...(before as unknown[]), ...(config.values.save as unknown[])];
      st.saveSeen = true;
    }
    return null;
  }
  const dep = DEPRECATED_DIRECTIVES[name];
  if (dep !== undefined && argv.length >= dep[0] && argv.length <= dep[1]) return null;
  if (name === 'include' && argv.length === 2) {
    loadConfigText(config, readConfigFiles(argv[1]!), st);
    return null;
  }
  if (name === 'rename-command' && argv.length === 3) {
    st.directives.renames.push([argv[1]!, argv[2]!]);
    return null;
  }
  if (name === 'user' && argv.length >= 2) {
    st.directives.users.push(argv.slice(1));
    return null;
  }
  if (name === 'loadmodule' && argv.length >= 2) return 'Respite cannot load Redis modules (loadmodule)';
  if (name.includes('.')) {
    return argv.length !== 2
      ? 'Module config specified without value'
      : 'Module Configuration detected without loadmodule directive or no ApplyConfig call: aborting';
  }
  if (name === 'sentinel') return argv.length === 1 ? null : 'sentinel directive while not in sentinel mode';
  return 'Bad directive or wrong number of arguments';
}

function hasWildcard(p: string): boolean {
  return p.includes('*') || p.includes('?') || p.includes('[');
}

/** Expands a glob as glob(3) does: per path component, sorted, dot files only when asked for. */
function expandGlob(pattern: string): string[] {
  const abs = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p) => p !== '');
  let paths = [abs ? '/' : '.'];
  for (const part of parts) {
    const next: string[] = [];
    for (const base of paths) {
      if (!hasWildcard(part)) {
        next.push(join(base, part));
        continue;
      }
      let entries: string[];
      try {
        entries = readdirSync(base);
      } catch {
        continue;
      }
      for (const e of entries.sort()) {
        if (e.startsWith('.') && !part.startsWith('.')) continue;
        if (globMatch(part, e)) next.push(join(base, e));
      }
    }
    paths = next;
  }
  return abs ? paths : paths.map((p) => (pattern.startsWith('./') ? `./${p}` : p));
}

function readOne(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (e) {
    throw new ConfigFileError(`Fatal error, can't open config file '${path}': ${strerror(e)}`, true);
  }
}

/** The text of a config file, or of every file a glob matches (none matching is no error). */
export function readConfigFiles(path: string): string {
  if (!hasWildcard(path)) return readOne(path);
  return expandGlob(path).map(readOne).join('');
}

/** What redis-server's command line asks for. */
export interface CommandLine {
  /** Absolute path of the config file, or null. */
  configFile: string | null;
  /** Read more config from stdin (`-` as the first or last argument). */
  stdin: boolean;
  /** The `--option value` arguments as config lines, as Redis builds them. */
  options: string;
}

/** Parses argv (without node and the script) with Redis's rules; --help/--version are the caller's. */
export function parseCommandLine(args: string[]): CommandLine {
  let configFile: string | null = null;
  let j = 0;
  if (args.length > 0 && !args[0]!.startsWith('-')) {
    configFile = resolve(args[0]!);
    j = 1;
  }
  let stdin = false;
  let options = '';
  let lastHasArg = true;
  const n = args.length;
  for (; j < n; j++) {
    const a = args[j]!;
    if (a === '-' && (j === 0 || j === n - 1)) {
      stdin = true;
    } else if (lastHasArg && a.startsWith('--')) {
      if (options !== '') options += '\n';
      options += `${a.slice(2)} `;
      const words = splitArgs(a);
      if (words !== null && words.length === 1) {
        // A bare option name: its values follow as separate arguments.
        lastHasArg = false;
        const nextIsOption = j !== n - 1 && args[j + 1]!.startsWith('--');
        if (a.toLowerCase() === '--save' && (nextIsOption || j === n - 1)) {
          // `--save` with no value means save "" (Redis keeps this pre-7.0 behaviour).
          options += '""';
          lastHasArg = nextIsOption;
        } else if (a.toLowerCase() === '--sentinel' && (nextIsOption || j === n - 1)) {
          lastHasArg = nextIsOption;
        }
      } else {
        lastHasArg = true;
      }
    } else {
      options += `${repr(a)} `;
      lastHasArg = true;
    }
  }
  return { configFile, stdin, options };
}

/** Loads what a command line names, in Redis's order: the file, stdin, then the options. */
export function loadFromCommandLine(config: Config, cl: CommandLine, readStdin: () => string): Directives {
  let text = cl.configFile !== null ? readConfigFiles(cl.configFile) : '';
  if (cl.stdin) text += readStdin();
  if (cl.options !== '') text += `\n${cl.options}`;
  config.file = cl.configFile;
  return loadConfigText(config, text);
}

#!/usr/bin/env node
// respite-server [config-file] [--option value ...] [-]: starts a server as redis-server does, from
// a redis.conf and/or command-line options, logs as Redis does, and exits 0 after SHUTDOWN, SIGTERM
// or SIGINT. A bad configuration prints Redis's fatal error and exits 1; so does a busy port.

import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { ConfigFileError, loadFromCommandLine, parseCommandLine } from './config-file.ts';
import { Config } from './config.ts';
import { Logger, type LogLevel } from './logger.ts';
import { Server } from './server.ts';
import { REDIS_VERSION, RESPITE_VERSION } from './version.ts';

const USAGE = `Usage: respite-server [/path/to/redis.conf] [options] [-]
       respite-server -            read the configuration from standard input
       respite-server -v, --version
       respite-server -h, --help

Respite reads redis.conf files and takes any configuration directive on the command line as
--name value [value ...]; command-line options apply after the file and standard input.

Examples:
       respite-server                               (defaults: port 6379 on loopback)
       respite-server /etc/redis/redis.conf
       respite-server --port 7777 --loglevel verbose
       echo 'maxmemory 128mb' | respite-server -
       respite-server /etc/redis/redis.conf --port 7777 -
`;

function exitWith(code: number): never {
  process.exit(code);
}

const args = process.argv.slice(2);
if (args[0] === '-v' || args[0] === '--version') {
  process.stdout.write(`Respite server v=${RESPITE_VERSION} redis_version=${REDIS_VERSION} node=${process.version} ` +
    `bits=64\n`);
  exitWith(0);
}
if (args[0] === '-h' || args[0] === '--help') {
  process.stdout.write(USAGE);
  exitWith(0);
}

const config = new Config();
const early = new Logger();
try {
  const cl = parseCommandLine(args);
  loadFromCommandLine(config, cl, () => {
    early.warning('Reading config from stdin');
    return readFileSync(0, 'latin1');
  });
} catch (e) {
  if (!(e instanceof ConfigFileError)) throw e;
  if (e.log) early.warning(e.text);
  else process.stderr.write(e.text);
  exitWith(1);
}

const v = config.values;
if (v.dir !== process.cwd()) process.chdir(v.dir);
const server = new Server({ config: v, configFile: config.file });
server.log.level = v.loglevel as LogLevel;
server.log.file = v.logfile;

const pidfile = v.pidfile as string;
try {
  await server.start();
} catch (e) {
  server.log.warning(`Warning: ${(e as Error).message}`);
  server.log.warning(`Failed listening on port ${v.port} (tcp), aborting.`);
  exitWith(1);
}
if (pidfile !== '') {
  try {
    writeFileSync(pidfile, `${process.pid}\n`);
  } catch (e) {
    server.log.warning(`Failed to write PID file: ${(e as Error).message}`);
  }
}

/**
 * The dataset lives on V8's heap, so its size limit is the dataset's ceiling: say what it is, and
 * warn when Node runs with its default (started without the bin's flags) or below maxmemory.
 */
function logHeapLimit(): void {
  const limit = getHeapStatistics().heap_size_limit;
  const mb = Math.round(limit / 1048576);
  const raised = process.execArgv.some((a) => a.startsWith('--max-old-space-size'));
  server.log.notice(`V8 heap limit ${mb} MB${raised ? '' : ' (Node\'s default)'}: the dataset cannot grow past it.`);
  if (!raised) {
    server.log.warning('WARNING the V8 heap limit is Node\'s default. Start the server with respite-server or npm start ' +
      '(they raise it to 75% of memory), or pass --max-old-space-size=<MB> to node.');
  }
  const maxmemory = Number(v.maxmemory);
  if (maxmemory > limit) {
    server.log.warning(`WARNING maxmemory (${maxmemory} bytes) is above the V8 heap limit (${limit} bytes): ` +
      'the heap limit is reached first.');
  }
}

let signalled = false;
function onSignal(name: string): void {
  if (signalled) {
    // A second signal while shutting down: Redis exits at once.
    server.log.warning('You insist... exiting now.');
    exitWith(1);
  }
  signalled = true;
  server.log.warning(`Received ${name} scheduling shutdown...`);
  server.log.warning('User requested shutdown...');
  void server.stop();
}
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGINT', () => onSignal('SIGINT'));
// Last of the startup lines (tests wait for it: the signal handlers are in place by then).
logHeapLimit();

await server.stopped;
if (pidfile !== '') {
  server.log.notice('Removing the pid file.');
  try {
    unlinkSync(pidfile);
  } catch {
    // already gone
  }
}
server.log.warning('Respite is now ready to exit, bye bye...');
exitWith(0);

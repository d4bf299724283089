// respite-benchmark: redis-benchmark's flags, tests and output formats, plus --json and --compare.

import { ReplyReader, encodeCommand, type ReplyValue } from '../protocol/reply-reader.ts';
import net from 'node:net';
import { systemMessage } from '../cli/connection.ts';
import { compareTargets } from './compare.ts';
import { OptionError, parseOptions, USAGE, type BenchOptions } from './options.ts';
import {
  CSV_HEADER, csvLine, figures, fullReport, jsonFigures, progressLine, quietLine, type ServerConfig,
} from './report.ts';
import { BenchRun, warmUp, type RunConfig, type RunResult, type Target } from './runner.ts';
import { commandTest, defaultTests, FillerData, type BenchTest } from './tests.ts';
import { runThreaded } from './threads.ts';

const VERSION = 'respite-benchmark 0.1.0';

/** A few requests on a fresh connection, replies decoded (CONFIG GET before the tests). */
export async function request(t: Target, auth: { auth?: string; user?: string }, cmds: string[][]): Promise<ReplyValue[]> {
  const all = auth.auth !== undefined ? [auth.user !== undefined ? ['AUTH', auth.user, auth.auth] : ['AUTH', auth.auth], ...cmds] : cmds;
  return new Promise((resolve, reject) => {
    const s = t.socket !== undefined ? net.connect({ path: t.socket }) : net.connect({ host: t.host, port: t.port });
    const reader = new ReplyReader();
    const out: ReplyValue[] = [];
    s.on('error', reject);
    s.on('data', (chunk: Buffer) => {
      reader.feed(chunk);
      for (let v = reader.next(); v !== undefined; v = reader.next()) out.push(v);
      if (out.length === all.length) {
        s.destroy();
        resolve(auth.auth !== undefined ? out.slice(1) : out);
      }
    });
    s.write(Buffer.concat(all.map((c) => encodeCommand(c))));
  });
}

let connectError: string | null = null;

async function serverConfig(o: BenchOptions): Promise<ServerConfig | null> {
  try {
    const [save, aof] = await request(o, o, [['CONFIG', 'GET', 'save'], ['CONFIG', 'GET', 'appendonly']]);
    if (!Array.isArray(save) || !Array.isArray(aof) || save.length < 2 || aof.length < 2) return null;
    return { save: String(save[1] as string), appendonly: String(aof[1] as string) };
  } catch (e) {
    connectError = systemMessage(e as Error);
    return null;
  }
}

export function runConfig(o: BenchOptions, t: Target = o): RunConfig {
  return {
    host: t.host, port: t.port, socket: t.socket, auth: o.auth, user: o.user, dbnum: o.dbnum, resp3: o.resp3,
    clients: o.clients, requests: o.requests, pipeline: o.pipeline, keyspacelen: o.keyspacelen,
    keepalive: o.keepalive, showErrors: o.showErrors, precision: o.precision,
  };
}

/** Runs one test, with a live progress line on a terminal; returns the result and the line's width. */
export async function runOne(o: BenchOptions, cfg: RunConfig, test: BenchTest, progress: boolean): Promise<[RunResult, number]> {
  if (o.threads > 0) return [await runThreaded(cfg, test, o.threads), 0];
  const run = new BenchRun(cfg, test);
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  if (progress) {
    let prevTick = Date.now();
    let prevFinished = 0;
    timer = setInterval(() => {
      const now = Date.now();
      const rps = (run.finished - prevFinished) / ((now - prevTick) / 1000);
      const overall = run.finished / ((now - run.start) / 1000);
      const line = progressLine(test.title, rps, overall, run.recent.mean() / 1000, run.histogram.mean() / 1000);
      prevTick = now;
      prevFinished = run.finished;
      run.recent.reset();
      last = line.length;
      process.stdout.write(line);
    }, 250);
  }
  try {
    return [await run.run(), last];
  } finally {
    if (timer !== null) clearInterval(timer);
  }
}

function testsFor(o: BenchOptions, filler: FillerData): BenchTest[] {
  if (o.command.length > 0) return [commandTest(o.command)];
  return defaultTests(o.tests, filler.next(o.datasize), o.keyspacelen > 0);
}

export async function main(argv: string[]): Promise<number> {
  let o: BenchOptions;
  try {
    o = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    process.stderr.write(`Invalid option "${e.message}" or option argument missing\n\n${USAGE}`);
    return 1;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (o.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  warmUp();
  // A short silent PING run first: V8 and Node's socket paths are warm before anything is timed.
  if (o.threads === 0) {
    const ping = { title: 'warm-up', request: encodeCommand(['PING']) };
    await new BenchRun({ ...runConfig(o), requests: o.clients * o.pipeline * 50, showErrors: false }, ping).run().catch(() => null);
  }
  if (o.compare !== null) return compareTargets(o, o.compare);
  const config = await serverConfig(o);
  if (config === null) {
    if (connectError !== null) process.stderr.write(`Could not connect to Redis at ${o.socket ?? `${o.host}:${o.port}`}: ${connectError}\n`);
    process.stderr.write('WARNING: Could not fetch server CONFIG\n');
  }
  if (!o.keepalive && !o.json) {
    process.stdout.write("WARNING: keepalive disabled, you probably need 'echo 1 > /proc/sys/net/ipv4/tcp_tw_reuse' for Linux and 'sudo sysctl -w net.inet.tcp.msl=1000' for Mac OS X in order to use a lot of clients/requests\n");
  }
  if (o.csv) process.stdout.write(CSV_HEADER);
  const progress = !o.csv && !o.json && process.stdout.isTTY;
  const filler = new FillerData();
  const json: Record<string, string | number>[] = [];
  const datasize = o.command.length > 0 ? encodeCommand(o.command).length : o.datasize;
  do {
    for (const test of testsFor(o, filler)) {
      let result: RunResult;
      let last: number;
      try {
        [result, last] = await runOne(o, runConfig(o), test, progress);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        process.stderr.write(code !== undefined
          ? `Could not connect to Redis at ${o.socket ?? `${o.host}:${o.port}`}: ${systemMessage(e as Error)}\n`
          : `Error: ${(e as Error).message}\n`);
        return 1;
      }
      const f = figures(result);
      if (o.json) json.push(jsonFigures(f));
      else if (o.csv) process.stdout.write(csvLine(f));
      else if (o.quiet) process.stdout.write(quietLine(f, last));
      else process.stdout.write(fullReport(result, f, { clients: o.clients, datasize, keepalive: o.keepalive, threads: o.threads, config }, last));
    }
    if (o.command.length === 0 && !o.csv && !o.json) process.stdout.write('\n');
  } while (o.loop);
  if (o.json) process.stdout.write(`${JSON.stringify({ tests: json }, null, 2)}\n`);
  return 0;
}

#!/usr/bin/env node
// respite-server [config-file] [--option value ...]: starts a server as redis-server does.
// TODO(#2): the full redis.conf / argv syntax, --help, --version, signals.

import { Server } from './server.ts';

const args = process.argv.slice(2);
const portIdx = args.indexOf('--port');
const port = portIdx >= 0 ? Number(args[portIdx + 1]) : 6379;
const server = new Server({ config: { port } });
await server.start();

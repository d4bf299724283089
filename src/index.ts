// The package's public API for embedding: the server and the clock interface tests inject.
export { Server, type ServerOptions } from './server/server.ts';
export type { Clock } from './store/keyspace.ts';
export type { ConfigValues } from './server/config.ts';
export { RespiteClient, createClient, type ClientOptions } from './client/client.ts';

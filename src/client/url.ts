// redis:// and rediss:// URLs as redis-cli and the common clients read them:
//   redis://[[user]:password@]host[:port][/db]   rediss:// the same over TLS
//   unix:///path/to/socket[?db=N&password=...]    redis+unix:// likewise
// Percent-escapes in the user and password are decoded.

export interface UrlParts {
  host?: string;
  port?: number;
  path?: string;
  username?: string;
  password?: string;
  db?: number;
  tls?: boolean;
}

/** Parses a Redis URL; throws on a scheme it does not know. */
export function parseRedisUrl(url: string): UrlParts {
  const u = new URL(url);
  const out: UrlParts = {};
  const scheme = u.protocol;
  if (scheme === 'unix:' || scheme === 'redis+unix:') {
    out.path = decodeURIComponent(u.pathname);
  } else if (scheme === 'redis:' || scheme === 'rediss:' || scheme === 'valkey:' || scheme === 'valkeys:') {
    out.tls = scheme === 'rediss:' || scheme === 'valkeys:';
    if (u.hostname !== '') out.host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    if (u.port !== '') out.port = Number(u.port);
    const dbPath = u.pathname.replace(/^\/+/, '');
    if (dbPath !== '') {
      const db = Number(dbPath);
      if (!Number.isInteger(db) || db < 0) throw new Error(`invalid database number in URL: ${dbPath}`);
      out.db = db;
    }
  } else {
    throw new Error(`unsupported URL scheme: ${scheme}`);
  }
  if (u.username !== '') out.username = decodeURIComponent(u.username);
  if (u.password !== '') out.password = decodeURIComponent(u.password);
  const q = u.searchParams;
  const db = q.get('db');
  if (db !== null) out.db = Number(db);
  const pw = q.get('password');
  if (pw !== null) out.password = pw;
  return out;
}

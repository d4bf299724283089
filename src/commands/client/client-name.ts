// Client names and library attributes: Redis allows only printable ASCII without spaces
// ('!' to '~') in CLIENT SETNAME, HELLO SETNAME and CLIENT SETINFO.

import { ERR_CLIENT_NAME } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';

/** True when every byte is printable ASCII other than space. */
export function validClientAttr(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

/** Sets (or with '' clears) the client's name; replies with Redis's error and returns false when invalid. */
export function setClientName(c: Client, name: string): boolean {
  if (!validClientAttr(name)) {
    c.w.error(ERR_CLIENT_NAME);
    return false;
  }
  c.name = name;
  return true;
}

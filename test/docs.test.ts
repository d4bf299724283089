// Documents that are derived from the code must match it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DOC, renderDoc } from '../scripts/gen-compat.ts';

describe('docs', () => {
  it('COMPATIBILITY.md lists exactly the options the registry acts on (run node scripts/gen-compat.ts)', () => {
    const text = readFileSync(DOC, 'utf8');
    assert.equal(text, renderDoc(text));
  });
});

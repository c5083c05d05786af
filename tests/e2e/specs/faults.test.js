// The short fault-injection run of the suite (the long one is scripts/faults): four
// sessions through the upload path with every kind of fault, the sandbox killed during
// an upload once; every session ends complete and holds exactly the pictures its
// customer confirmed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFaults, report } from '../lib/faults.js';

test('under injected faults every session holds exactly the pictures confirmed, none lost, none twice', async () => {
  const run = await runFaults({ sessions: 4, concurrency: 4, uploadFaults: 7, callFaults: 1, kills: 1, seed: 7 });
  const { text, total } = report(run);
  console.log(text);
  assert.ok(total >= 25, `faults injected: ${total}`);
  for (const kind of ['503 answer', '429 answer (Retry-After: 1)', 'connection dropped before the service',
    'connection dropped after the service answered', '5 s latency', 'browser offline for 4 s',
    'page reloaded during an upload', 'sandbox killed during an upload']) {
    assert.ok(run.faults.get(kind) > 0, `no fault of kind "${kind}": ${text}`);
  }
  for (const r of run.results) {
    assert.equal(r.status, 'complete', JSON.stringify(r));
    assert.ok(r.exact, `not exactly the confirmed pictures: ${JSON.stringify(r)}`);
  }
});

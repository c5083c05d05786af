// The fault-injection run (scripts/faults): many sessions through the widget in headless
// Chromium against the real sandbox, with at least 100 injected faults; prints the table
// of faults and outcomes and fails unless every session holds exactly the pictures its
// customer confirmed. Options in the environment: FAULT_SESSIONS (16), FAULT_CONCURRENCY
// (4), FAULT_UPLOAD_FAULTS (5 fault groups on each session's uploads), FAULT_CALL_FAULTS
// (1 on its other calls), FAULT_KILLS (2), FAULT_SEED (11).
import { runFaults, report } from './lib/faults.js';

const env = (name, fallback) => Number(process.env[name] || fallback);
const run = await runFaults({
  sessions: env('FAULT_SESSIONS', 16),
  concurrency: env('FAULT_CONCURRENCY', 4),
  uploadFaults: env('FAULT_UPLOAD_FAULTS', 5),
  callFaults: env('FAULT_CALL_FAULTS', 1),
  kills: env('FAULT_KILLS', 2),
  seed: env('FAULT_SEED', 11),
  log: (line) => console.log(line),
});
const { text, total } = report(run);
console.log(`\n${text}`);
const bad = run.results.filter((r) => !r.exact || r.status !== 'complete');
for (const r of bad) console.log(`NOT EXACT: ${JSON.stringify(r)}`);
if (bad.length || total < 100) {
  console.log(bad.length ? `${bad.length} sessions not as confirmed` : `only ${total} faults injected (at least 100 wanted)`);
  process.exit(1);
}
console.log('every session holds exactly the pictures its customer confirmed');

// Sums the <Counters> of every TRX file under a folder and prints "N passed, N failed".
// Exits non-zero when no result file was found, so a run that executed no test is never taken as green.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.trx')) files.push(p);
  }
};
try { walk(dir); } catch { /* no results folder: reported below */ }

let passed = 0, failed = 0, skipped = 0;
for (const f of files) {
  const m = readFileSync(f, 'utf8').match(/<Counters\b[^>]*>/);
  if (!m) continue;
  const n = (k) => Number((m[0].match(new RegExp(`\\b${k}="(\\d+)"`)) ?? [0, 0])[1]);
  passed += n('passed');
  failed += n('failed') + n('error') + n('timeout') + n('aborted');
  skipped += n('notExecuted');
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(files.length === 0 || passed + failed === 0 ? 1 : 0);

// The scenarios of bench/run. Each run of a scenario changes the source tree once, in place, and then every tool
// syncs it to its own target, so all tools see the same sequence of states.
import { appendFileSync, openSync, closeSync, readdirSync, readFileSync, rmSync, statSync, writeSync,
  writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export function files(dir) { // every file under dir, sorted, with its size
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p); else if (e.isFile()) out.push({ path: p, size: statSync(p).size });
    }
  };
  walk(dir);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const big = (src) => files(src).find((f) => f.size > 30 << 20)?.path;

// key -> { label, fresh: each tool's target emptied first, floors: the floors are measured alongside,
// del: the tools run with their delete option, change(src, run) }
export const scenarios = {
  initial: { label: 'initial upload', fresh: true },
  touched: {
    label: 'touched, unchanged', floors: true, // as a fresh CI checkout: every mtime new, no content changed
    change: (src) => spawnSync('find', [src, '-type', 'f', '-exec', 'touch', '{}', '+'], { stdio: 'inherit' }),
  },
  onepct: {
    label: '1% of files changed',
    change: (src, run) => files(src).filter((f) => f.size < 64 << 10).forEach((f, i) => {
      if (i % 100 === run % 100) appendFileSync(f.path, `edit ${run}`);
    }),
  },
  bytes64: {
    label: '64 bytes changed in 32 MiB', needsBig: true,
    change: (src, run) => {
      const fd = openSync(big(src), 'r+');
      writeSync(fd, Buffer.from(`${run}`.padStart(64, '7')), 0, 64, 16 * 1048576 + run * 4096);
      closeSync(fd);
    },
  },
  insert: {
    label: '1 byte inserted at start of 32 MiB', needsBig: true,
    change: (src) => { const p = big(src); writeFileSync(p, Buffer.concat([Buffer.from('X'), readFileSync(p)])); },
  },
  delete: {
    label: '10% of files deleted', del: true, // a tenth of what is left, a different tenth each run
    change: (src, run) => files(src).forEach((f, i) => { if (i % 10 === run % 10) rmSync(f.path); }),
  },
};

export const order = Object.keys(scenarios);

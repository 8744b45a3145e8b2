// bench/run's report: medians per tool, scenario and destination, the floors, and azsync's ratios to them and to
// the best peer, as one dated Markdown section for bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const sh = (cmd, args, cwd) => {
  try { return execFileSync(cmd, args, { cwd, encoding: 'utf8' }).trim(); } catch { return '?'; }
};

export function machine(root) {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '?';
  const dirty = sh('git', ['status', '--porcelain', '--', 'src'], root) ? ' with uncommitted changes in src/' : '';
  return {
    model, cores: Number(sh('nproc', [])), memGiB: Math.round(os.totalmem() / 2 ** 30),
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    commit: sh('git', ['rev-parse', '--short', 'HEAD'], root) + dirty,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  };
}

export const median = (xs) => {
  const a = xs.filter((x) => x != null && !Number.isNaN(x)).sort((p, q) => p - q);
  if (!a.length) return null;
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
const fix = (x, d = 2) => (x == null ? '-' : x.toFixed(d));
const ratio = (a, b) => (a == null || !b ? '-' : `${(a / b).toFixed(2)}×`);
const count = (n) => n.toLocaleString('en-US');
const tools = ['azsync', 'azcopy', 'rclone'];

// Issue 18's targets for the main tree's touched re-sync: local ≤ 1.3 × the hash floor, Blob and Files
// ≤ 1.5 × max(hash floor, listing floor).
const targets = { local: 1.3, blob: 1.5, files: 1.5 };

export function report({ o, argv, trees, rows, floors, services, before, after, minutes, transfers }) {
  const where = (d) => ({ local: 'local folder', blob: `Blob (${services.blob?.name})`,
    files: `Files (${services.files?.name})` })[d];
  const out = [`## bench/run, ${before.date} UTC, commit ${before.commit}`, ''];
  out.push(`Machine: ${before.model}, ${before.cores} cores (nproc), ${before.memGiB} GiB; load average ` +
    `${before.load} at the start, ${after.load} at the end. \`${['bench/run', ...argv].join(' ')}\` took ` +
    `${minutes.toFixed(0)} min. Medians of ${o.runs} run${o.runs > 1 ? 's' : ''} per tool` +
    `${o.initialRuns !== o.runs ? ` (initial uploads: ${o.initialRuns})` : ''}, the tools alternating ` +
    `(the order rotates each run). Trees: ${trees.map((t) => `${count(t.files)} files, ${t.mb.toFixed(0)} MB`)
      .join('; ')}. Peers: \`azcopy sync --compare-hash=MD5 --put-md5\`, \`rclone sync --checksum --transfers ` +
    `${transfers}\` (azcopy's concurrency here). azcopy cannot sync a local folder to a local folder and rclone 1.60 ` +
    'has no Files backend, so they are absent from those rows. Requests and MB sent are counted by a proxy every ' +
    `tool goes through${o.rtt ? `, which held every answer ${o.rtt} ms` : ''}; cpu is user + system.`, '');

  out.push('| destination | scenario | tool | wall s | cpu s | peak RSS MB | requests | MB sent | ' +
    'azsync ÷ best peer (wall) |', '|---|---|---|---:|---:|---:|---:|---:|---:|');
  const touched = {}; // tree|dest -> azsync's median wall of the touched re-sync
  for (const rs of groupBy(rows, (r) => `${r.tree}|${r.dest}|${r.key}`).values()) {
    const by = new Map(tools.map((t) => [t, rs.filter((r) => r.tool === t)]).filter(([, x]) => x.length)
      .map(([t, x]) => [t, summary(x)]));
    const peers = [...by].filter(([t]) => t !== 'azsync').map(([, s]) => s.wall);
    if (rs[0].key === 'touched') touched[`${rs[0].tree}|${rs[0].dest}`] = by.get('azsync')?.wall;
    for (const [t, s] of by) {
      const vsPeer = t === 'azsync' && peers.length ? ratio(s.wall, Math.min(...peers)) : '';
      const failed = s.failed ? ` (${s.failed} of ${s.runs} failed)` : '';
      out.push(`| ${where(rs[0].dest)} | ${rs[0].label} | ${t}${failed} | ${fix(s.wall)} | ${fix(s.cpu)} | ` +
        `${fix(s.rss, 0)} | ${s.requests == null ? '-' : Math.round(s.requests)} | ${fix(s.mb, 1)} | ${vsPeer} |`);
    }
  }
  if (floors.length) out.push('', ...floorTable(trees, floors, touched, where));
  return `${out.join('\n')}\n`;
}

function floorTable(trees, floors, touched, where) {
  const out = ['Floors, measured in the same rotation as the touched re-sync: the hash floor is ' +
    '`find SRC -type f -print0 | xargs -0 -P"$(nproc)" -n 300 md5sum`; the listing floor one bare listing of the ' +
    'destination straight to the service (List Blobs, 5,000 a page; on Files one round per directory level, every ' +
    'directory of a level at once). The floor is the larger of the two. azsync\'s wall time here is from runs that ' +
    'also talk straight to the service, in the same rotation (the table above goes through the counting proxy).', '',
  '| destination | tree | hash floor wall s | hash floor cpu s | listing floor s | azsync touched wall s | ' +
    'azsync ÷ floor | target |', '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const t of trees) {
    for (const d of t.dests) {
      const fs = floors.filter((f) => f.tree === t.id && f.dest === d);
      if (!fs.length) continue;
      const hashes = fs.filter((f) => f.kind === 'hash');
      const hash = median(hashes.map((f) => f.wall)), cpu = median(hashes.map((f) => f.cpu));
      const list = median(fs.filter((f) => f.kind === 'listing').map((f) => f.wall));
      const direct = fs.filter((f) => f.kind === 'azsync' && f.ok).map((f) => f.wall);
      const azsync = direct.length ? median(direct) : touched[`${t.id}|${d}`];
      out.push(`| ${where(d)} | ${count(t.files)} files | ${fix(hash)} | ${fix(cpu)} | ${fix(list)} | ` +
        `${fix(azsync)} | ${ratio(azsync, Math.max(hash ?? 0, list ?? 0))} | ` +
        `${t.id === 'main' ? `≤ ${targets[d]}×` : '-'} |`);
    }
  }
  return out;
}

function summary(rs) {
  const m = (k) => median(rs.map((r) => r[k]));
  return { wall: m('wall'), cpu: m('cpu'), rss: m('rssMb'), requests: m('requests'), mb: m('mbSent'),
    failed: rs.filter((r) => !r.ok).length, runs: rs.length };
}

function groupBy(xs, key) {
  const groups = new Map();
  for (const x of xs) {
    const k = key(x);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(x);
  }
  return groups;
}

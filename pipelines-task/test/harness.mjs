// Runs the bundled task as the agent would (INPUT_*, ENDPOINT_*, SYSTEM_*, AGENT_* in the environment) with a
// fake `dotnet` first on PATH. The fake installs a fake `azsync` that records its argv and environment, so the
// tests see exactly what the real tool would receive: the shipped bundle, real processes, task-lib as bundled.
// The mock-*.test.mjs files cover the same ground through task-lib's own MockTestRunner/TaskMockRunner instead
// (answers in place of processes, under both Node handlers; see mock/runner.mjs).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const taskEntry = path.resolve(here, '..', 'AzSync', 'dist', 'index.js');
export const CONN = '0b4c2c4e-1111-4d2e-9a7e-5f0c0c0c0c0c';

const fakeAzsync = `#!/usr/bin/env node
const fs = require('fs');
const keep = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(AZ|SYSTEM_|ENDPOINT_|INPUT_|SECRET_)/.test(k)));
const cert = process.env.AZURE_CLIENT_CERTIFICATE_PATH;
const certInfo = cert && fs.existsSync(cert) ? { mode: fs.statSync(cert).mode & 0o777, text: fs.readFileSync(cert, 'utf8') } : null;
fs.writeFileSync(process.env.FAKE_RECORD, JSON.stringify({ argv: process.argv.slice(2), env: keep, cert: certInfo }));
console.log('##vso[task.setvariable variable=AzSyncChanged]true');
process.exit(Number(process.env.FAKE_AZSYNC_EXIT || '0'));
`;

const fakeDotnet = `#!/usr/bin/env bash
if [ "$1" = "--list-runtimes" ]; then printf '%s\\n' "\${FAKE_RUNTIMES:-Microsoft.NETCore.App 10.0.0 [/usr/share/dotnet/shared/Microsoft.NETCore.App]}"; exit 0; fi
if [ "$1" = "tool" ] && [ "$2" = "install" ]; then
  echo "$*" >> "$FAKE_INSTALLS"
  while [ $# -gt 0 ]; do if [ "$1" = "--tool-path" ]; then dir="$2"; fi; shift; done
  mkdir -p "$dir" && cp "$FAKE_AZSYNC_SRC" "$dir/azsync" && chmod +x "$dir/azsync"; exit \${FAKE_INSTALL_EXIT:-0}
fi
echo "fake dotnet: unexpected $*" >&2; exit 99
`;

/** A fresh agent-like sandbox; returns a runner. */
export function sandbox() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'azsync-task-'));
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'dotnet'), fakeDotnet, { mode: 0o755 });
  const azsyncSrc = path.join(root, 'fake-azsync');
  fs.writeFileSync(azsyncSrc, fakeAzsync, { mode: 0o755 });
  for (const d of ['tools', 'temp', 'src']) fs.mkdirSync(path.join(root, d));
  const record = path.join(root, 'record.json');
  const installs = path.join(root, 'installs.txt');

  function run(vars = {}, { path: pathDirs } = {}) {
    fs.rmSync(record, { force: true });
    const env = {
      PATH: pathDirs ?? `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}/usr/bin:/bin`,
      HOME: root, TF_BUILD: 'True',
      AGENT_TOOLSDIRECTORY: path.join(root, 'tools'), AGENT_TEMPDIRECTORY: path.join(root, 'temp'),
      SYSTEM_DEFAULTWORKINGDIRECTORY: path.join(root, 'src'), BUILD_SOURCESDIRECTORY: path.join(root, 'src'),
      FAKE_RECORD: record, FAKE_INSTALLS: installs, FAKE_AZSYNC_SRC: azsyncSrc,
      INPUT_AUTHMODE: 'serviceConnection', INPUT_AZURESUBSCRIPTION: CONN, INPUT_TOOLVERSION: '1.0.0',
      INPUT_DESTINATION: 'https://acct.blob.core.windows.net/site',
      ...vars,
    };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const p = spawnSync(process.execPath, [taskEntry], { env, cwd: path.join(root, 'src'), encoding: 'utf8' });
    const out = (p.stdout || '') + (p.stderr || '');
    return {
      status: p.status, out,
      record: fs.existsSync(record) ? JSON.parse(fs.readFileSync(record, 'utf8')) : null,
      installs: fs.existsSync(installs) ? fs.readFileSync(installs, 'utf8').trim().split('\n') : [],
      result: /##vso\[task\.complete result=(\w+);\](.*)/.exec(out),
    };
  }
  return { root, run, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Lines that show a secret anywhere but in the ##vso[task.setsecret] that registers it. */
export function leaks(out, secrets) {
  return out.split(/\r?\n/).filter(l => !l.startsWith('##vso[task.setsecret]') && secrets.some(s => s && l.includes(s)));
}

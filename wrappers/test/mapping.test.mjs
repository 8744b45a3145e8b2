// One table of cases, run against both entry points: the Action's bundle (as the GitHub runner starts it) and the
// task's bundle (as the agent's Node 20 and Node 24 handlers start it). Inputs are named once, by their action.yml
// name, and each host gets them under its own name from the core's table, so the two cannot drift apart again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandbox, leaks } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'package.json'));
// The table itself, compiled from the core's source, so the test maps names exactly as the bundles do.
const { INPUTS } = await import('data:text/javascript,' + encodeURIComponent(require('esbuild').buildSync({
  entryPoints: [path.join(here, '..', 'src', 'core', 'inputs.ts')], bundle: true, format: 'esm', write: false,
}).outputFiles[0].text));

const box = sandbox();
after(() => box.cleanup());
const DEST = 'https://acct.blob.core.windows.net/site';
const SAS = 'sv=2025-01-05&sp=rwdl&sig=Sig0123%2Bxyz%3D';

/** The hosts, each run with the same canonical inputs; a result says what the tool got or what the user was told. */
const hosts = {
  action: (inputs, extra = {}) => {
    const vars = {};
    for (const [name, value] of Object.entries(inputs)) vars[`INPUT_${name.toUpperCase()}`] = value;
    const r = box.action({ ...vars, ...extra });
    const masks = r.stdout.split('\n').filter(l => l.startsWith('::add-mask::'));
    return { ...r, output: 'github', failure: r.status === 0 ? null : r.error, masks };
  },
  ...Object.fromEntries([20, 24].map(node => [`task (Node ${node})`, (inputs, extra = {}) => {
    // The task signs in with a SAS here; its service connections have their own tests (auth.test.mjs).
    const vars = {
      INPUT_AUTHMODE: 'sas', INPUT_SASTOKEN: SAS, INPUT_AZURESUBSCRIPTION: undefined, INPUT_DESTINATION: undefined,
    };
    for (const [name, value] of Object.entries(inputs)) {
      const spec = INPUTS.find(s => s.action === name);
      if (!spec?.task) throw new Error(`the task has no input for '${name}'`);
      vars[`INPUT_${spec.task.toUpperCase()}`] = value;
    }
    const r = box.run({ ...vars, ...extra }, { node });
    const failed = r.result?.[1] === 'Failed' && !r.record;
    return { ...r, output: 'azure-pipelines', failure: failed ? r.result[2].replace(/^invalid input: /, '') : null,
      masks: r.stdout.split('\n').filter(l => l.startsWith('##vso[task.setsecret]')) };
  }])),
};
/** An input's name on a host, for the messages that name it. */
const nameOn = (host, name) => host === 'action' ? name : INPUTS.find(s => s.action === name).task;

// [what, inputs (action.yml names), expected argv after 'sync' with {out} for the host's --output, or an error]
const cases = [
  ['source and destination are the positional arguments', { source: 'public', destination: DEST },
    ['public', DEST, '--output', '{out}']],
  ['a destination alone syncs the working folder', { destination: DEST }, ['.', DEST, '--output', '{out}']],
  ['a manifest alone is a flag', { manifest: 'deploy/azsync.yaml' },
    ['--output', '{out}', '--manifest', 'deploy/azsync.yaml']],
  ['a destination overrides the manifest\'s', { manifest: 'm.yaml', destination: DEST },
    [DEST, '--output', '{out}', '--manifest', 'm.yaml']],
  ['globs: one a line, blank lines skipped, spaces and CR trimmed',
    { destination: DEST, include: '**/*.html\n\n  css/**  \r\n', exclude: 'drafts/**' },
    ['.', DEST, '--output', '{out}', '--include', '**/*.html', '--include', 'css/**', '--exclude', 'drafts/**']],
  ['delete left empty passes nothing, so the manifest decides', { manifest: 'm.yaml', delete: '' },
    ['--output', '{out}', '--manifest', 'm.yaml']],
  ['delete: true deletes', { destination: DEST, delete: 'true' }, ['.', DEST, '--output', '{out}', '--delete']],
  ['delete: false keeps files even when the manifest deletes', { manifest: 'm.yaml', delete: 'False' },
    ['--output', '{out}', '--manifest', 'm.yaml', '--delete', 'false']],
  ['max-delete is passed without delete: the manifest may delete', { manifest: 'm.yaml', 'max-delete': '10%' },
    ['--output', '{out}', '--manifest', 'm.yaml', '--max-delete', '10%']],
  ['dry-run true plans only', { destination: DEST, 'dry-run': 'TRUE' }, ['.', DEST, '--output', '{out}', '--dry-run']],
  ['dry-run false passes nothing', { destination: DEST, 'dry-run': 'false' }, ['.', DEST, '--output', '{out}']],
  ['shard', { destination: DEST, shard: '2/4' }, ['.', DEST, '--output', '{out}', '--shard', '2/4']],
  ['extra args are split like a shell splits them and come last',
    { destination: DEST, 'dry-run': 'true', args: '--parallel 16 --report "my report.json" \'$(x)\'' },
    ['.', DEST, '--output', '{out}', '--dry-run', '--parallel', '16', '--report', 'my report.json', '$(x)']],
  ['args are never evaluated', { destination: DEST, args: '--verbose $(touch pwned) `touch pwned2`' },
    ['.', DEST, '--output', '{out}', '--verbose', '$(touch', 'pwned)', '`touch', 'pwned2`']],
  ['a bad boolean is named', { destination: DEST, delete: 'sometimes' },
    { error: host => `Input '${nameOn(host, 'delete')}' is 'sometimes'; expected true or false.` }],
  ['unbalanced quotes in args are named', { destination: DEST, args: "--report 'no end" },
    { error: host => `Input '${nameOn(host, 'args')}' could not be split into flags: a single quote is not closed.` }],
  ['a manifest and a source together are refused', { manifest: 'm.yaml', source: 'public' },
    { error: host => `Give either '${nameOn(host, 'source')}' or the manifest, not both: ` +
      'a manifest names its own sources.' }],
  ['a malformed version is refused before any path is built', { destination: DEST, version: '../../etc' },
    { error: host => `Input '${nameOn(host, 'version')}' is '../../etc'; ` +
      'expected a version such as 1.2.3 or 1.2.3-beta.1.' }],
];

for (const [host, run] of Object.entries(hosts)) {
  for (const [what, inputs, expected] of cases) {
    test(`${host}: ${what}`, () => {
      const r = run(inputs);
      if (Array.isArray(expected)) {
        assert.equal(r.failure, null, r.out);
        assert.deepEqual(r.record?.argv, ['sync', ...expected.map(a => a === '{out}' ? r.output : a)], r.out);
      } else {
        assert.equal(r.failure, expected.error(host), r.out);
        assert.equal(r.record, null, 'the tool must not run');
        assert.deepEqual(fs.readdirSync(box.tools).filter(f => f !== 'azsync'), []);
      }
    });
  }

  test(`${host}: secrets become the tool's variables and are masked before anything else is printed`, () => {
    const key = 'QWNjb3VudEtleQ==';
    const connection = `AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net`;
    const r = run({ destination: `${DEST}?${SAS}`, 'sas-token': `?${SAS}`, 'connection-string': connection });
    assert.equal(r.record?.env.AZURE_STORAGE_SAS_TOKEN, `?${SAS}`, r.out);
    assert.equal(r.record.env.AZURE_STORAGE_CONNECTION_STRING, connection);
    const lines = r.stdout.split('\n').filter(l => !l.startsWith('##vso[task.debug]'));
    const firstOther = lines.findIndex(l => !r.masks.includes(l));
    assert.ok(firstOther > 0 && lines.slice(firstOther).every(l => !r.masks.includes(l)), r.out);
    const sig = 'Sig0123%2Bxyz%3D';
    // As each host escapes a '%' in a command's message.
    const escaped = secret => secret.replace(/%/g, host === 'action' ? '%25' : '%AZP25');
    for (const secret of [SAS, sig, decodeURIComponent(sig), connection, key])
      assert.ok(r.masks.some(m => m.endsWith(escaped(secret))), `${secret} not masked:\n${r.out}`);
    assert.deepEqual(leaks(r.out, [sig, decodeURIComponent(sig), key]), []);
  });

  test(`${host}: an empty credential input leaves the job's own variable alone`, () => {
    const r = run({ destination: DEST, 'connection-string': '' }, { AZURE_STORAGE_CONNECTION_STRING: 'from-the-job' });
    assert.equal(r.record?.env.AZURE_STORAGE_CONNECTION_STRING, 'from-the-job', r.out);
  });
}

test('action: auth, client-id, tenant-id and account-key become the variables the tool reads', () => {
  const inputs = { destination: DEST, auth: 'github-oidc', 'client-id': 'c1', 'tenant-id': '', 'account-key': 'k3y' };
  const { env } = hosts.action(inputs, { AZURE_TENANT_ID: 'from-the-workflow' }).record;
  assert.deepEqual([env.AZSYNC_AUTH, env.AZURE_CLIENT_ID, env.AZURE_TENANT_ID, env.AZURE_STORAGE_KEY],
    ['github-oidc', 'c1', 'from-the-workflow', 'k3y']);
});

test('action: working-directory is where the tool runs; a missing one is named', () => {
  fs.mkdirSync(path.join(box.root, 'src', 'web'), { recursive: true });
  const r = hosts.action({ destination: DEST, 'working-directory': 'web' });
  assert.equal(r.record?.cwd, path.join(box.root, 'src', 'web'), r.out);
  const missing = hosts.action({ destination: DEST, 'working-directory': 'nope' });
  assert.equal(missing.failure, "Input 'working-directory' is 'nope', which is not a folder.");
});

test('action.yml and task.json declare exactly the inputs the table gives each host (and the task its auth)', () => {
  const repo = path.resolve(here, '..', '..');
  const yml = fs.readFileSync(path.join(repo, 'action.yml'), 'utf8');
  const section = yml.slice(yml.indexOf('\ninputs:\n'), yml.indexOf('\noutputs:\n'));
  const declared = [...section.matchAll(/^ {2}([a-z-]+):$/gm)].map(m => m[1]);
  assert.deepEqual(declared.sort(), INPUTS.filter(s => s.action).map(s => s.action).sort());
  const task = JSON.parse(fs.readFileSync(path.join(repo, 'pipelines-task', 'AzSync', 'task.json'), 'utf8'));
  assert.deepEqual(task.inputs.map(i => i.name).sort(),
    [...INPUTS.filter(s => s.task).map(s => s.task), 'authMode', 'azureSubscription'].sort());
  // No default: a task input left out must arrive empty, as an Action input does, so the manifest decides.
  assert.equal(task.inputs.find(i => i.name === 'delete').defaultValue, undefined);
});

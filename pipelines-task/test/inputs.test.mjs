import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox } from './harness.mjs';

const box = sandbox();
after(() => box.cleanup());
const sas = { INPUT_AUTHMODE: 'sas', INPUT_SASTOKEN: 'sv=1&sig=zz', INPUT_AZURESUBSCRIPTION: undefined };

test('source, destination, globs, delete, maxDelete, dryRun and extra arguments map to azsync flags', () => {
  const r = box.run({ ...sas, INPUT_SOURCE: 'public', INPUT_DESTINATION: 'https://a.blob.core.windows.net/web',
    INPUT_INCLUDE: '**/*.html\n\n  css/**  \r\n', INPUT_EXCLUDE: 'drafts/**', INPUT_DELETE: 'true', INPUT_MAXDELETE: '10%',
    INPUT_DRYRUN: 'true', INPUT_ARGUMENTS: '--parallel 16 --report "my report.json"' });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  assert.deepEqual(r.record.argv, ['sync', '--output', 'azure-pipelines', 'public', 'https://a.blob.core.windows.net/web',
    '--include', '**/*.html', '--include', 'css/**', '--exclude', 'drafts/**', '--delete', '--max-delete', '10%', '--dry-run',
    '--parallel', '16', '--report', 'my report.json']);
});

test('defaults: no delete, no dry run, source "." when the agent passes the sources directory for an empty path', () => {
  const r = box.run({ ...sas, INPUT_SOURCE: `${box.root}/src`, INPUT_DELETE: 'false', INPUT_MAXDELETE: '3' });
  assert.deepEqual(r.record.argv, ['sync', '--output', 'azure-pipelines', `${box.root}/src`, 'https://acct.blob.core.windows.net/site']);
});

test('a manifest replaces source and destination', () => {
  const r = box.run({ ...sas, INPUT_MANIFEST: 'deploy/azsync.yaml', INPUT_DESTINATION: undefined });
  assert.deepEqual(r.record.argv, ['sync', '--output', 'azure-pipelines', '--manifest', 'deploy/azsync.yaml']);
});

test('a destination input overrides the manifest\'s destination', () => {
  const r = box.run({ ...sas, INPUT_MANIFEST: 'deploy/azsync.yaml' });
  assert.deepEqual(r.record.argv, ['sync', '--output', 'azure-pipelines', '--manifest', 'deploy/azsync.yaml', 'https://acct.blob.core.windows.net/site']);
});

test('no destination and no manifest is an input error', () => {
  const r = box.run({ ...sas, INPUT_DESTINATION: undefined });
  assert.equal(r.result?.[1], 'Failed');
  assert.match(r.result[2], /'destination' is required/);
});

test('the tool is installed once per version into Agent.ToolsDirectory/azsync/<version> and reused', () => {
  const fresh = box.run({ ...sas, INPUT_TOOLVERSION: '1.2.3', AZSYNC_NUGET_SOURCE: '/feed' });
  assert.equal(fresh.result?.[1], 'Succeeded', fresh.out);
  const installs = fresh.installs.filter(l => l.includes('1.2.3'));
  assert.deepEqual(installs, [`tool install AzSync --tool-path ${box.root}/tools/azsync/1.2.3 --version 1.2.3 --add-source /feed`]);
  const again = box.run({ ...sas, INPUT_TOOLVERSION: '1.2.3' });
  assert.equal(again.result?.[1], 'Succeeded');
  assert.equal(again.installs.filter(l => l.includes('1.2.3')).length, 1, 'second run reuses the installed tool');
  assert.match(again.out, /Using azsync 1\.2\.3 from /);
});

test('a toolVersion that is not a version is refused', () => {
  const r = box.run({ ...sas, INPUT_TOOLVERSION: '1.0; rm -rf /' });
  assert.equal(r.result?.[1], 'Failed');
  assert.match(r.result[2], /toolVersion/);
});

test('a failing install names the command and the feed', () => {
  const r = box.run({ ...sas, INPUT_TOOLVERSION: '9.9.9', FAKE_INSTALL_EXIT: '1' });
  assert.equal(r.result?.[1], 'Failed');
  assert.match(r.result[2], /dotnet tool install AzSync .*9\.9\.9.*failed \(exit 1\)/);
});

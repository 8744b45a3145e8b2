// Input mapping through task-lib's mock runner: the azsync command line is answered only when the task builds
// exactly the expected one, and the argv azsync receives is compared word for word.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mockWorld, eachNode, DEST } from './mock/runner.mjs';

const world = mockWorld();
after(() => world.cleanup());
const base = ['sync', '--output', 'azure-pipelines'];

function assertSynced(r, argv) {
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  assert.ok(r.tr.ran(r.azsyncCmd), r.out);
  assert.deepEqual(r.record.argv, argv);
}

eachNode('source, destination, include, exclude, delete, maxDelete, dryRun and arguments map to azsync flags', async (node) => {
  const argv = [...base, 'public', 'https://a.file.core.windows.net/share/dir', '--include', '**/*.html', '--include', 'css/**',
    '--exclude', 'drafts/**', '--delete', '--max-delete', '10%', '--dry-run', '--parallel', '16', '--report', 'my report.json'];
  const r = await world.run(node, { argv, inputs: {
    source: 'public', destination: 'https://a.file.core.windows.net/share/dir', include: '**/*.html\n\n  css/**  \r\n',
    exclude: 'drafts/**', delete: 'true', maxDelete: '10%', dryRun: 'true', arguments: '--parallel 16 --report "my report.json"',
  } });
  assertSynced(r, argv);
});

eachNode('defaults: source ".", no delete (maxDelete ignored), no dry run', async (node) => {
  const r = await world.run(node, { inputs: { delete: 'false', maxDelete: '3', dryRun: 'false' } });
  assertSynced(r, [...base, '.', DEST]);
});

eachNode('a manifest alone, and a destination overriding the manifest\'s', async (node) => {
  const alone = await world.run(node, { argv: [...base, '--manifest', 'deploy/azsync.yaml'], inputs: { manifest: 'deploy/azsync.yaml', destination: undefined } });
  assertSynced(alone, [...base, '--manifest', 'deploy/azsync.yaml']);
  const over = await world.run(node, { argv: [...base, '--manifest', 'deploy/azsync.yaml', DEST], inputs: { manifest: 'deploy/azsync.yaml' } });
  assertSynced(over, [...base, '--manifest', 'deploy/azsync.yaml', DEST]);
});

eachNode('input errors fail before any tool runs: manifest with source, neither manifest nor destination', async (node) => {
  const both = await world.run(node, { inputs: { manifest: 'azsync.yaml', source: 'public' } });
  assert.equal(both.result?.[1], 'Failed');
  assert.match(both.result[2], /^invalid input: Give either 'source' or 'manifest'/);
  const neither = await world.run(node, { inputs: { destination: undefined } });
  assert.match(neither.result?.[2], /^invalid input: 'destination' is required/);
  assert.deepEqual([both.tr.invokedToolCount, neither.tr.invokedToolCount], [0, 0]);
});

eachNode('toolVersion: installed with dotnet tool install (plus the feed) into Agent.ToolsDirectory/azsync/<version>', async (node) => {
  const r = await world.run(node, { inputs: { toolVersion: '1.2.3-beta.1', nugetSource: '/feed' } });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  assert.ok(r.installCmd.endsWith(`--tool-path ${r.dir}/tools/azsync/1.2.3-beta.1 --version 1.2.3-beta.1 --add-source /feed`));
  assert.ok(r.tr.ran(r.installCmd) && r.tr.ran(r.azsyncCmd), r.out);
  assert.equal(r.tr.invokedToolCount, 2);
});

eachNode('toolVersion already in the tool cache: no install, the cached tool runs', async (node) => {
  const r = await world.run(node, { installed: true, inputs: { toolVersion: '2.0.0' } });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  assert.match(r.tr.stdout, /^Using azsync 2\.0\.0 from /m);
  assert.equal(r.tr.ran(r.installCmd), false);
  assert.equal(r.tr.invokedToolCount, 1);
});

eachNode('a toolVersion that is not a version, and a failing install, fail naming the cause', async (node) => {
  const bad = await world.run(node, { inputs: { toolVersion: '1.0; rm -rf /' } });
  assert.match(bad.result?.[2], /toolVersion '1\.0; rm -rf \/' is not a version/);
  assert.equal(bad.tr.invokedToolCount, 0);
  const failing = await world.run(node, { installExit: 1, inputs: { toolVersion: '9.9.9' } });
  assert.equal(failing.result?.[1], 'Failed');
  assert.match(failing.result[2], /'dotnet tool install AzSync .*--version 9\.9\.9' failed \(exit 1\)/);
  assert.equal(failing.tr.invokedToolCount, 1, 'azsync does not run');
});

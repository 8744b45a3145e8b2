// Exit-code mapping and the .NET check through task-lib's mock runner.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mockWorld, eachNode } from './mock/runner.mjs';

const world = mockWorld();
after(() => world.cleanup());

// As src/index.ts resultFor: only 0 succeeds; 2 has no meaning of its own and fails like any unknown code.
const cases = [
  [0, 'Succeeded', /^azsync finished$/],
  [1, 'Failed', /some files failed/],
  [2, 'Failed', /exit code 2\.$/],
  [3, 'Failed', /authentication\/authorization failed.*Storage Blob Data Contributor.*Storage File Data Privileged Contributor/],
  [4, 'Failed', /safety stop.*Raise maxDelete/],
  [5, 'Failed', /invalid input/],
  [130, 'Failed', /cancelled/],
  [42, 'Failed', /exit code 42\.$/],
];
for (const [code, result, message] of cases) {
  eachNode(`azsync exit ${code} -> ${result}; its ##vso lines pass through`, async (node) => {
    const r = await world.run(node, { exit: code, stdout: '##vso[task.setvariable variable=AzSyncUploaded]3' });
    assert.ok(r.tr.ran(r.azsyncCmd), r.out);
    assert.equal(r.result?.[1], result, r.out);
    assert.match(r.result[2], message);
    assert.equal(r.tr.succeeded, result === 'Succeeded');
    assert.deepEqual(r.tr.errorIssues, result === 'Failed' ? [r.result[2]] : []);
    assert.match(r.tr.stdout, /^##vso\[task\.setvariable variable=AzSyncUploaded\]3$/m);
  });
}

eachNode('no dotnet on PATH: fails suggesting UseDotNet@2, nothing runs', async (node) => {
  const r = await world.run(node, { runtimes: null });
  assert.equal(r.result?.[1], 'Failed');
  assert.match(r.result[2], /^'dotnet' was not found on PATH\. AzSync needs the \.NET 10 runtime or later.*task: UseDotNet@2.*version: 10\.x/);
  assert.equal(r.tr.invokedToolCount, 0);
});

eachNode('only .NET 8 and 9 runtimes: fails naming them and suggesting UseDotNet@2', async (node) => {
  const r = await world.run(node, { runtimes: 'Microsoft.AspNetCore.App 10.0.0 [/x]\nMicrosoft.NETCore.App 8.0.11 [/x]\nMicrosoft.NETCore.App 9.0.0 [/x]' });
  assert.equal(r.result?.[1], 'Failed');
  assert.match(r.result[2], /no \.NET 10\+ runtime \(found: 8, 9\).*UseDotNet@2/);
  assert.equal(r.tr.invokedToolCount, 0);
});

eachNode('a newer runtime (11) is accepted: the tool rolls forward', async (node) => {
  const r = await world.run(node, { runtimes: 'Microsoft.NETCore.App 11.0.1 [/x]' });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  assert.equal(r.tr.invokedToolCount, 2);
});

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { sandbox } from './harness.mjs';

const box = sandbox();
after(() => box.cleanup());
const sas = { INPUT_AUTHMODE: 'sas', INPUT_SASTOKEN: 'sv=1&sig=zz', INPUT_AZURESUBSCRIPTION: undefined };

test('only older .NET runtimes: fails naming them and suggesting UseDotNet@2', () => {
  const r = box.run({ ...sas, FAKE_RUNTIMES: 'Microsoft.AspNetCore.App 10.0.0 [/x]\nMicrosoft.NETCore.App 8.0.11 [/x]\nMicrosoft.NETCore.App 9.0.0 [/x]' });
  assert.equal(r.result?.[1], 'Failed');
  assert.match(r.result[2], /no \.NET 10\+ runtime \(found: 8, 9\).*UseDotNet@2/);
  assert.equal(r.record, null);
});

test('a newer runtime (11) is accepted: the tool rolls forward', () => {
  const r = box.run({ ...sas, FAKE_RUNTIMES: 'Microsoft.NETCore.App 11.0.0 [/x]' });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
});

test('no dotnet on PATH: fails suggesting UseDotNet@2', () => {
  // A PATH holding only node: the system node's folder may also hold a real dotnet.
  const only = fs.mkdtempSync(path.join(box.root, 'nodeonly-'));
  fs.symlinkSync(process.execPath, path.join(only, 'node'));
  const r = box.run(sas, { path: only });
  assert.equal(r.result?.[1], 'Failed');
  assert.match(r.result[2], /'dotnet' was not found on PATH.*UseDotNet@2/);
});

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox } from './harness.mjs';

const box = sandbox();
after(() => box.cleanup());
const sas = { INPUT_AUTHMODE: 'sas', INPUT_SASTOKEN: 'sv=1&sig=zz', INPUT_AZURESUBSCRIPTION: undefined };

const cases = [
  [0, 'Succeeded', /finished/],
  [1, 'Failed', /some files failed/],
  [3, 'Failed', /authentication\/authorization failed.*Storage Blob Data Contributor.*Storage File Data Privileged Contributor/],
  [4, 'Failed', /safety stop.*maxDelete/],
  [5, 'Failed', /invalid input/],
  [2, 'Failed', /exit code 2/],
  [42, 'Failed', /exit code 42/],
];
for (const [code, result, message] of cases) {
  test(`azsync exit ${code} -> ${result}`, () => {
    const r = box.run({ ...sas, FAKE_AZSYNC_EXIT: String(code) });
    assert.ok(r.record, 'azsync ran');
    assert.equal(r.result?.[1], result, r.out);
    assert.match(r.result[2], message);
  });
}

test("azsync's own ##vso lines reach the agent untouched", () => {
  const r = box.run(sas);
  assert.match(r.out, /^##vso\[task\.setvariable variable=AzSyncChanged\]true$/m);
});

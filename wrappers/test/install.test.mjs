// The core's install, through both entry points: staged, checked by the version the tool reports, cached per
// version, and refused with the host's own setup step when the machine's .NET is missing or too old.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sandbox } from './harness.mjs';

const box = sandbox();
after(() => box.cleanup());
const DEST = 'https://acct.blob.core.windows.net/site';
const sas = { INPUT_AUTHMODE: 'sas', INPUT_SASTOKEN: 'sv=1&sig=zz', INPUT_AZURESUBSCRIPTION: undefined };

/** Each host with its input names, the way it reports a failure and its step that installs .NET. */
const hosts = {
  action: {
    run: (vars, opts) => box.action({ INPUT_DESTINATION: DEST, ...vars }, opts),
    failure: r => (r.status === 0 ? null : r.error),
    version: 'INPUT_VERSION', feed: 'INPUT_NUGET-SOURCE', versionName: 'version',
    hint: "'- uses: actions/setup-dotnet@v4' with 'dotnet-version: 10.0.x'",
  },
  task: {
    run: (vars, opts) => box.run({ ...sas, ...vars }, opts),
    failure: r => (r.result?.[1] === 'Failed' ? r.result[2] : null),
    version: 'INPUT_TOOLVERSION', feed: 'INPUT_NUGETSOURCE', versionName: 'toolVersion',
    hint: '- task: UseDotNet@2',
  },
};
const dir = version => path.join(box.tools, 'azsync', version);
const leftovers = () => fs.readdirSync(path.join(box.tools, 'azsync')).filter(f => f.startsWith('.install-'));

for (const [name, h] of Object.entries(hosts)) {
  test(`${name}: installs once per version from the feed alone, then reuses the cached tool`, () => {
    const v = name === 'action' ? '2.0.1' : '2.0.2';
    const first = h.run({ [h.version]: v, [h.feed]: '/feed' });
    assert.equal(h.failure(first), null, first.out);
    assert.deepEqual(first.installs.map(l => l.replace(/\.install-[^ ]+/, '.install-*')),
      [`tool install AzSync --tool-path ${path.join(box.tools, 'azsync', '.install-*')} --version ${v} ` +
        '--source /feed']);
    assert.equal(first.record.argv[0], 'sync');
    assert.ok(fs.existsSync(path.join(dir(v), 'azsync')));
    assert.deepEqual(leftovers(), []);

    const again = h.run({ [h.version]: v });
    assert.deepEqual(again.installs, [], 'the second run reuses the cached tool');
    assert.match(again.out, new RegExp(`azsync ${v.replace(/\./g, '\\.')} found in the tool cache`));
  });

  test(`${name}: without a version input the version released with the wrappers is installed`, () => {
    const r = h.run({});
    assert.equal(h.failure(r), null, r.out);
    assert.ok(fs.existsSync(path.join(dir('1.0.0'), 'azsync')), r.out);
  });

  test(`${name}: a cached tool that reports another version is replaced`, () => {
    const v = name === 'action' ? '3.0.1' : '3.0.2';
    fs.mkdirSync(dir(v), { recursive: true });
    fs.writeFileSync(path.join(dir(v), 'azsync'), '#!/bin/sh\necho 0.0.1\n', { mode: 0o755 });
    const r = h.run({ [h.version]: v });
    assert.equal(h.failure(r), null, r.out);
    assert.equal(r.installs.length, 1);
    assert.equal(fs.readFileSync(path.join(dir(v), 'version'), 'utf8'), v);
  });

  test(`${name}: an install that reports the wrong version fails and leaves nothing in the cache`, () => {
    const v = name === 'action' ? '4.0.1' : '4.0.2';
    const r = h.run({ [h.version]: v, FAKE_REPORTED_VERSION: '9.9.9' });
    assert.equal(h.failure(r), `azsync was installed but reports version '9.9.9' instead of ${v}.`);
    assert.equal(r.record, null);
    assert.ok(!fs.existsSync(dir(v)));
    assert.deepEqual(leftovers(), []);
  });

  test(`${name}: a failed install names the version and the feed and leaves nothing half-installed`, () => {
    const v = name === 'action' ? '5.0.1' : '5.0.2';
    const r = h.run({ [h.version]: v, [h.feed]: '/my/feed', FAKE_INSTALL_EXIT: '1' });
    const version = v.replace(/\./g, '\\.');
    assert.match(h.failure(r) ?? '', new RegExp(`^Installing azsync ${version} failed ` +
      '\\(dotnet tool install AzSync .*\\)\\. ' +
      'Check that the version exists on /my/feed\\.$'));
    assert.ok(!fs.existsSync(dir(v)));
    assert.deepEqual(leftovers(), []);
  });

  test(`${name}: only older .NET runtimes fail naming them and the step that installs one`, () => {
    const runtimes = ['Microsoft.AspNetCore.App 10.0.0', 'Microsoft.NETCore.App 8.0.11', 'Microsoft.NETCore.App 9.0.4'];
    const r = h.run({ FAKE_RUNTIMES: runtimes.map(l => `${l} [/x]`).join('\n') });
    const message = h.failure(r) ?? '';
    const expected = "azsync needs the .NET runtime 10.0 or newer, but this runner's dotnet has only: 8.0.11 9.0.4.";
    assert.ok(message.startsWith(expected), r.out);
    assert.ok(message.includes(h.hint), message);
    assert.equal(r.installs.length, 0);
  });

  test(`${name}: a newer runtime (11) is accepted, and DOTNET_ROOT comes from where it lives`, () => {
    const r = h.run({ FAKE_RUNTIMES: 'Microsoft.NETCore.App 11.0.0 [/opt/dn/shared/Microsoft.NETCore.App]' });
    assert.equal(h.failure(r), null, r.out);
    assert.equal(r.record.env.DOTNET_ROOT, '/opt/dn');
  });

  test(`${name}: no dotnet on PATH fails with the step that installs one`, () => {
    // A PATH holding only node: the system node's folder may also hold a real dotnet.
    const only = fs.mkdtempSync(path.join(box.root, 'nodeonly-'));
    fs.symlinkSync(process.execPath, path.join(only, 'node'));
    const r = h.run({}, { path: only });
    const message = h.failure(r) ?? '';
    assert.ok(message.startsWith('dotnet was not found on PATH; azsync needs the .NET 10 runtime or newer.'), r.out);
    assert.ok(message.includes(h.hint), message);
  });
}

test('action: the tool folder goes on GITHUB_PATH so later steps can run azsync', () => {
  const r = box.action({ INPUT_DESTINATION: DEST });
  assert.equal(r.githubPath.trim(), dir('1.0.0'));
});

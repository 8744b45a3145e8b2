import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Dotnet, SetupError } from './dotnet';

export interface Install {
  dotnet: Dotnet;
  version: string;
  /** A feed URL or folder used instead of the configured feeds. */
  feed?: string;
  /** The agent's tool cache: the tool goes to <cache>/azsync/<version>. */
  cache: string;
  log: (line: string) => void;
}

export function toolExe(dir: string): string {
  return path.join(dir, process.platform === 'win32' ? 'azsync.exe' : 'azsync');
}

/**
 * Installs the pinned azsync into the tool cache once per version and returns its executable. The install goes to a
 * folder of its own and moves into place only once the tool there reports the version asked for, so a cancelled job
 * or another job on the same machine never finds a half-written or wrong tool under the version's name.
 */
export function installTool(o: Install): string {
  const root = path.join(o.cache, 'azsync');
  const dir = path.join(root, o.version);
  if (reports(o, toolExe(dir)) === o.version) {
    o.log(`azsync ${o.version} found in the tool cache (${dir}).`);
    return toolExe(dir);
  }
  fs.mkdirSync(root, { recursive: true });
  const staging = path.join(root, `.install-${o.version}-${crypto.randomBytes(6).toString('hex')}`);
  // Only the feed named, when one is: a package of the same name on another feed must never be taken for it.
  const args = ['tool', 'install', 'AzSync', '--tool-path', staging, '--version', o.version];
  if (o.feed) args.push('--source', o.feed);
  o.log(`Installing azsync ${o.version} into ${dir}`);
  try {
    const r = spawnSync(o.dotnet.exe, args, { stdio: 'inherit', env: { ...process.env, ...o.dotnet.env } });
    if (r.status !== 0) {
      throw new SetupError(`Installing azsync ${o.version} failed (dotnet ${args.join(' ')}). ` +
        `Check that the version exists on ${o.feed || 'the configured NuGet feeds'}.`);
    }
    const got = reports(o, toolExe(staging));
    if (got !== o.version) {
      throw new SetupError(`azsync was installed but reports version '${got ?? 'none'}' instead of ${o.version}.`);
    }
    // What is in the way failed the check above: another version or a broken install.
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(staging, dir);
    } catch (e) {
      // Another job moved its own install into place first; theirs passed the same check.
      if (reports(o, toolExe(dir)) !== o.version) throw e;
    }
    return toolExe(dir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The version an installed tool prints, or undefined when there is none or it does not run. */
function reports(o: Install, exe: string): string | undefined {
  if (!fs.existsSync(exe)) return undefined;
  const r = spawnSync(exe, ['--version'], { encoding: 'utf8', env: { ...process.env, ...o.dotnet.env } });
  return r.status === 0 ? (r.stdout || '').split(/\r?\n/)[0].trim() : undefined;
}

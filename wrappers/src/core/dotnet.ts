import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const MIN_DOTNET_MAJOR = 10;

/** The dotnet to install with, and the environment the installed tool needs to find its runtime. */
export interface Dotnet {
  exe: string;
  env: Record<string, string>;
}

/** A problem with the machine (no or too old a dotnet), with the step that fixes it. */
export class SetupError extends Error {}

/**
 * The `dotnet` on PATH, if it has a Microsoft.NETCore.App runtime the tool can roll forward onto.
 * `hint` is the host's step that installs one.
 */
export function findDotnet(hint: string): Dotnet {
  const exe = which(process.platform === 'win32' ? 'dotnet.exe' : 'dotnet');
  if (!exe) {
    throw new SetupError(`dotnet was not found on PATH; azsync needs the .NET ${MIN_DOTNET_MAJOR} runtime or newer. ${hint}`);
  }
  const listed = spawnSync(exe, ['--list-runtimes'], { encoding: 'utf8' });
  const runtimes = (listed.stdout || '').split(/\r?\n/)
    .map(l => /^Microsoft\.NETCore\.App (\d+)\.(\S+) \[(.+)\]$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(m => ({ major: Number(m[1]), version: `${m[1]}.${m[2]}`, dir: m[3] }));
  const usable = runtimes.filter(r => r.major >= MIN_DOTNET_MAJOR);
  if (usable.length === 0) {
    const found = runtimes.map(r => r.version).join(' ') || 'no .NET runtime';
    throw new SetupError(`azsync needs the .NET runtime ${MIN_DOTNET_MAJOR}.0 or newer, ` +
      `but this runner's dotnet has only: ${found}. ${hint}`);
  }
  // The tool's launcher finds the runtime through DOTNET_ROOT: derive it from the runtime found, so that a dotnet
  // outside the default install locations (setup-dotnet, a user folder) works too.
  const env: Record<string, string> = {};
  if (!process.env.DOTNET_ROOT) env.DOTNET_ROOT = path.resolve(usable[usable.length - 1].dir, '..', '..');
  return { exe, env };
}

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch { /* not here */ }
  }
  return undefined;
}

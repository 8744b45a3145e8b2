import * as fs from 'fs';
import * as path from 'path';
import { InputError, planRun, Read, secretsOf } from './command';
import { findDotnet } from './dotnet';
import { Host } from './inputs';
import { installTool } from './install';
import { PINNED_VERSION } from './pinned';
import { runTool } from './run';

/** What differs between the GitHub runner and the Azure Pipelines agent; everything else is the core's. */
export interface HostIo {
  host: Host;
  /** The tool's --output for this host. */
  output: string;
  /** The step that installs .NET on this host. */
  setupHint: string;
  read: Read;
  /** Hides each value in every later log line. */
  mask(values: string[]): void;
  log(line: string): void;
  /** The tool cache: <cache>/azsync/<version>. */
  cache: string;
  /** Credentials only this host knows how to find (a service connection); read after the masks are set. */
  credentials?(): Record<string, string>;
  /** Told where the tool is, so later steps can run it too. */
  installed?(exe: string, env: Record<string, string>): void;
}

/** Masks, maps the inputs, installs the pinned tool and runs it; resolves to the tool's exit code. */
export async function runWrapper(io: HostIo): Promise<number> {
  io.mask(secretsOf(io.host, io.read));
  const plan = planRun(io.host, io.read, io.output);
  const credentials = io.credentials?.() ?? {};
  if (plan.cwd && !isFolder(plan.cwd)) {
    throw new InputError(`Input 'working-directory' is '${plan.cwd}', which is not a folder.`);
  }
  const dotnet = findDotnet(io.setupHint);
  const exe = installTool({
    dotnet, version: plan.version ?? PINNED_VERSION, feed: plan.feed ?? process.env.AZSYNC_NUGET_SOURCE,
    cache: io.cache, log: io.log,
  });
  io.installed?.(exe, dotnet.env);
  // Flags only: the destination may hold a SAS, masked, but the log stays clean anyway.
  io.log(`azsync ${['sync', ...plan.flags].join(' ')}`);
  return runTool(exe, plan.args, { ...dotnet.env, ...plan.env, ...credentials }, plan.cwd && path.resolve(plan.cwd));
}

function isFolder(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

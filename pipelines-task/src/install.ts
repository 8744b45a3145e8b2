import * as fs from 'fs';
import * as path from 'path';
import * as tl from 'azure-pipelines-task-lib/task';

export const MIN_DOTNET_MAJOR = 10;

/** The `dotnet` on PATH, if it has a Microsoft.NETCore.App runtime the tool can roll forward onto. */
export function findDotnet(): string {
  const dotnet = tl.which('dotnet', false);
  const hint = `AzSync needs the .NET ${MIN_DOTNET_MAJOR} runtime or later. Add before this step:\n` +
    `  - task: UseDotNet@2\n    inputs:\n      packageType: sdk\n      version: ${MIN_DOTNET_MAJOR}.x`;
  if (!dotnet) throw new Error(`'dotnet' was not found on PATH. ${hint}`);
  const listed = tl.execSync(dotnet, ['--list-runtimes'], { silent: true });
  const majors = (listed.stdout || '').split(/\r?\n/)
    .map(l => /^Microsoft\.NETCore\.App (\d+)\./.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(m => Number(m[1]));
  if (!majors.some(m => m >= MIN_DOTNET_MAJOR)) {
    const found = majors.length ? majors.join(', ') : 'none';
    throw new Error(`'${dotnet}' has no .NET ${MIN_DOTNET_MAJOR}+ runtime (found: ${found}). ${hint}`);
  }
  return dotnet;
}

/** Installs the pinned azsync into the agent's tool cache once per version and returns its executable. */
export async function installTool(dotnet: string, version: string): Promise<string> {
  if (!/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`toolVersion '${version}' is not a version such as 1.0.0.`);
  const root = tl.getVariable('Agent.ToolsDirectory') || path.join(tl.getVariable('Agent.TempDirectory') || '.', 'tools');
  const dir = path.join(root, 'azsync', version);
  const exe = path.join(dir, process.platform === 'win32' ? 'azsync.exe' : 'azsync');
  if (fs.existsSync(exe)) {
    console.log(`Using azsync ${version} from ${dir}`);
    return exe;
  }
  const args = ['tool', 'install', 'AzSync', '--tool-path', dir, '--version', version];
  const source = tl.getInput('nugetSource', false) || process.env.AZSYNC_NUGET_SOURCE;
  if (source) args.push('--add-source', source);
  const code = await tl.tool(dotnet).arg(args).exec({ ignoreReturnCode: true } as any);
  if (code !== 0 || !fs.existsSync(exe)) {
    throw new Error(`'dotnet ${args.join(' ')}' failed (exit ${code}); check that the agent can reach the NuGet feed and that AzSync ${version} exists there.`);
  }
  return exe;
}

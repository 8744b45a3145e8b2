// The Azure Pipelines task's entry point: the agent's side of the core, nothing more.
import * as fs from 'fs';
// First: captures secrets before task-lib loads (see secrets.ts).
import { allSecrets, secretInput } from './secrets';
import * as path from 'path';
import * as tl from 'azure-pipelines-task-lib/task';
import { authEnvironment } from './auth';
import { InputError } from '../core/command';
import { MIN_DOTNET_MAJOR } from '../core/dotnet';
import { runWrapper } from '../core/wrapper';

/** What each azsync exit code means for the pipeline. */
export function resultFor(code: number): { result: tl.TaskResult; message: string } {
  switch (code) {
    case 0: return { result: tl.TaskResult.Succeeded, message: 'azsync finished' };
    case 1: return { result: tl.TaskResult.Failed, message: 'azsync: some files failed; see the errors above and the summary tab.' };
    case 3: return { result: tl.TaskResult.Failed, message: "azsync: authentication/authorization failed — check the service connection's role on the storage account (Storage Blob Data Contributor for Blob, Storage File Data Privileged Contributor for Files)." };
    case 4: return { result: tl.TaskResult.Failed, message: 'azsync: safety stop — the run would delete more files than allowed; nothing was changed. Raise maxDelete if this is intended.' };
    case 5: return { result: tl.TaskResult.Failed, message: 'azsync: invalid input; see the message above.' };
    case 130: return { result: tl.TaskResult.Failed, message: 'azsync was cancelled.' };
    default: return { result: tl.TaskResult.Failed, message: `azsync failed with exit code ${code}.` };
  }
}

// setSecret refuses multi-line values (a PEM), so each line of one is masked instead; the armour lines are public.
function registerSecrets(values: string[]): void {
  for (const value of values) {
    const lines = value.split(/\r?\n/).map(l => l.trim()).filter(l => l.length >= 4 && !l.startsWith('-----'));
    for (const line of lines) tl.setSecret(line);
  }
}

/** An input by its task.json name; a filePath left empty arrives as the sources folder and means "not given". */
function read(name: string, isPath: boolean, isSecret: boolean): string {
  // Secrets never go through task-lib's getters, which echo what they return in a debug line.
  if (isSecret) return secretInput(name) ?? '';
  const value = tl.getInput(name, false) ?? '';
  if (isPath && value) {
    const folders = [tl.getVariable('Build.SourcesDirectory'), tl.getVariable('System.DefaultWorkingDirectory')];
    if (folders.some(f => f && path.resolve(f) === path.resolve(value))) return '';
  }
  return value;
}

async function run(): Promise<void> {
  let cleanup: string[] = [];
  registerSecrets(allSecrets());
  try {
    const code = await runWrapper({
      host: 'task',
      output: 'azure-pipelines',
      setupHint: 'Add before this step:\n  - task: UseDotNet@2\n    inputs:\n      packageType: sdk\n' +
        `      version: ${MIN_DOTNET_MAJOR}.x`,
      read,
      mask: registerSecrets,
      log: line => console.log(line),
      cache: tl.getVariable('Agent.ToolsDirectory') || path.join(tl.getVariable('Agent.TempDirectory') || '.', 'tools'),
      credentials: () => {
        const auth = authEnvironment();
        cleanup = auth.cleanup;
        return auth.env;
      },
    });
    const { result, message } = resultFor(code);
    tl.setResult(result, message);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    tl.setResult(tl.TaskResult.Failed, e instanceof InputError ? `invalid input: ${message}` : message);
  } finally {
    for (const f of cleanup) { try { fs.rmSync(f, { force: true }); } catch { /* best effort */ } }
  }
}

void run();

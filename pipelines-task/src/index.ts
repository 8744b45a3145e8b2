import * as fs from 'fs';
// First: captures secrets before task-lib loads (see secrets.ts).
import { allSecrets } from './secrets';
import * as tl from 'azure-pipelines-task-lib/task';
import { authEnvironment } from './auth';
import { syncArguments, InputError } from './args';
import { findDotnet, installTool } from './install';

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

async function run(): Promise<void> {
  let cleanup: string[] = [];
  registerSecrets(allSecrets());
  try {
    // Secrets first: authEnvironment registers every one with setSecret before anything is printed.
    const auth = authEnvironment();
    cleanup = auth.cleanup;
    const args = syncArguments();
    const extra = tl.getInput('arguments', false);
    const dotnet = findDotnet();
    const exe = await installTool(dotnet, tl.getInput('toolVersion', false) || '1.0.0');
    const tool = tl.tool(exe).arg(args);
    if (extra) tool.line(extra);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, auth.env);
    const code = await tool.exec({ env, ignoreReturnCode: true } as any);
    const { result, message } = resultFor(code);
    tl.setResult(result, message);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    tl.setResult(tl.TaskResult.Failed, e instanceof InputError ? `invalid input: ${message}` : message);
  } finally {
    for (const f of cleanup) { try { fs.rmSync(f, { force: true }); } catch { /* best effort */ } }
  }
}

// Unconditional: the agent runs this file, and task-lib's TaskMockRunner require()s it (require.main is then its entry).
void run();

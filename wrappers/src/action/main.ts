// The GitHub Action's entry point (runs.using: node24): the runner's side of the core, nothing more.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '../core/command';
import { SetupError } from '../core/dotnet';
import { runWrapper } from '../core/wrapper';

/** As the runner reads a workflow command's message: %, CR and LF escaped. */
function escape(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** INPUT_<NAME> as the runner sets it: upper case, spaces as underscores, hyphens kept. */
function input(name: string): string {
  return process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
}

function appendTo(variable: string, line: string): void {
  const file = process.env[variable];
  if (file) fs.appendFileSync(file, line + os.EOL);
}

async function main(): Promise<void> {
  try {
    process.exitCode = await runWrapper({
      host: 'action',
      output: 'github',
      setupHint: "Add this step before the azsync action: " +
        "'- uses: actions/setup-dotnet@v4' with 'dotnet-version: 10.0.x'.",
      read: input,
      mask: values => { for (const v of values) process.stdout.write(`::add-mask::${escape(v)}${os.EOL}`); },
      log: line => process.stdout.write(line + os.EOL),
      cache: process.env.RUNNER_TOOL_CACHE || process.env.RUNNER_TEMP || os.tmpdir(),
      installed: (exe, env) => {
        appendTo('GITHUB_PATH', path.dirname(exe));
        if (env.DOTNET_ROOT) appendTo('GITHUB_ENV', `DOTNET_ROOT=${env.DOTNET_ROOT}`);
      },
    });
  } catch (e) {
    const known = e instanceof InputError || e instanceof SetupError;
    const text = e instanceof Error ? e.message : String(e);
    const message = known ? text : `azsync action failed: ${text}`;
    process.stdout.write(`::error title=azsync action::${escape(message)}${os.EOL}`);
    process.exitCode = 1;
  }
}

void main();

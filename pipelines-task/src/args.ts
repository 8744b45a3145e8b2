import * as tl from 'azure-pipelines-task-lib/task';

/** The `azsync sync` command line from the task's inputs. */
export function syncArguments(): string[] {
  const args = ['sync', '--output', 'azure-pipelines'];
  const manifest = tl.getInput('manifest', false);
  const source = tl.getInput('source', false);
  const destination = tl.getInput('destination', false);
  // filePath inputs left empty come back as the sources directory; treat that as "not given".
  const given = (p?: string) => p && p !== tl.getVariable('Build.SourcesDirectory') && p !== tl.getVariable('System.DefaultWorkingDirectory') ? p : undefined;
  const manifestPath = given(manifest);
  if (manifestPath) {
    if (given(source)) throw new InputError(`Give either 'source' or 'manifest', not both: a manifest names its own sources.`);
    args.push('--manifest', manifestPath);
    // With --manifest the tool reads a lone positional argument as the destination, overriding the manifest's.
    if (destination) args.push(destination);
  } else {
    if (!destination) throw new InputError(`'destination' is required when no manifest is given.`);
    args.push(given(source) || source || '.', destination);
  }
  for (const glob of lines('include')) args.push('--include', glob);
  for (const glob of lines('exclude')) args.push('--exclude', glob);
  if (tl.getBoolInput('delete', false)) {
    args.push('--delete');
    const max = tl.getInput('maxDelete', false);
    if (max) args.push('--max-delete', max);
  }
  const shard = tl.getInput('shard', false);
  if (shard) args.push('--shard', shard);
  if (tl.getBoolInput('dryRun', false)) args.push('--dry-run');
  return args;
}

export class InputError extends Error {}

function lines(name: string): string[] {
  return (tl.getInput(name, false) || '').split(/\r?\n/).map(l => l.trim()).filter(l => l.length > 0);
}

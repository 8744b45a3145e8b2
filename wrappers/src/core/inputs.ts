// The one table of what the GitHub Action's and the Pipelines task's inputs do. Both entry points read their inputs
// through it, so a new input, or a change to what one means, reaches both or neither.

/** What an input turns into. */
export type Effect =
  /** A non-empty value becomes `flag value`. */
  | { kind: 'value'; flag: string }
  /** true becomes the flag; false or empty, nothing (the tool's default is off). */
  | { kind: 'switch'; flag: string }
  /** true becomes the flag, false `flag false`, empty nothing: only an input left empty lets the manifest decide. */
  | { kind: 'tristate'; flag: string }
  /** One glob a line, each becoming `flag glob`. */
  | { kind: 'lines'; flag: string }
  /** A positional argument of `azsync sync`. */
  | { kind: 'position'; slot: 'source' | 'destination' }
  /** The variable the tool reads; an empty input leaves the job's own value alone. */
  | { kind: 'env'; variable: string }
  /** More flags, split as a shell splits words, never evaluated. */
  | { kind: 'args' }
  /** Where the tool runs; relative paths start there. */
  | { kind: 'cwd' }
  /** Which tool to install, and from where. */
  | { kind: 'install'; field: 'version' | 'feed' };

export interface InputSpec {
  /** The name in action.yml; absent when the Action has no such input. */
  action?: string;
  /** The name in task.json; absent when the task has no such input. */
  task?: string;
  effect: Effect;
  /** Masked before anything is printed, and never read through an API that logs it. */
  secret?: boolean;
  /** A task.json filePath input, which the agent fills with the sources folder when it is left empty. */
  path?: boolean;
}

export const INPUTS: readonly InputSpec[] = [
  { action: 'manifest', task: 'manifest', effect: { kind: 'value', flag: '--manifest' }, path: true },
  { action: 'source', task: 'source', effect: { kind: 'position', slot: 'source' }, path: true },
  { action: 'destination', task: 'destination', effect: { kind: 'position', slot: 'destination' } },
  { action: 'include', task: 'include', effect: { kind: 'lines', flag: '--include' } },
  { action: 'exclude', task: 'exclude', effect: { kind: 'lines', flag: '--exclude' } },
  { action: 'delete', task: 'delete', effect: { kind: 'tristate', flag: '--delete' } },
  // Passed whenever given: the manifest may turn delete on, and the limit must hold then too.
  { action: 'max-delete', task: 'maxDelete', effect: { kind: 'value', flag: '--max-delete' } },
  { action: 'dry-run', task: 'dryRun', effect: { kind: 'switch', flag: '--dry-run' } },
  { action: 'shard', task: 'shard', effect: { kind: 'value', flag: '--shard' } },
  { action: 'auth', effect: { kind: 'env', variable: 'AZSYNC_AUTH' } },
  { action: 'client-id', effect: { kind: 'env', variable: 'AZURE_CLIENT_ID' } },
  { action: 'tenant-id', effect: { kind: 'env', variable: 'AZURE_TENANT_ID' } },
  { action: 'sas-token', task: 'sasToken', effect: { kind: 'env', variable: 'AZURE_STORAGE_SAS_TOKEN' }, secret: true },
  { action: 'connection-string', task: 'connectionString',
    effect: { kind: 'env', variable: 'AZURE_STORAGE_CONNECTION_STRING' }, secret: true },
  { action: 'account-key', effect: { kind: 'env', variable: 'AZURE_STORAGE_KEY' }, secret: true },
  { action: 'args', task: 'arguments', effect: { kind: 'args' } },
  { action: 'working-directory', effect: { kind: 'cwd' } },
  { action: 'version', task: 'toolVersion', effect: { kind: 'install', field: 'version' } },
  { action: 'nuget-source', task: 'nugetSource', effect: { kind: 'install', field: 'feed' } },
];

/** The inputs a host declares, each with the name it knows it by. */
export type Host = 'action' | 'task';

export function inputsOf(host: Host): { spec: InputSpec; name: string }[] {
  return INPUTS.filter(spec => spec[host] !== undefined).map(spec => ({ spec, name: spec[host]! }));
}

import { Host, inputsOf } from './inputs';
import { splitWords } from './words';

/** A problem with what the user gave: reported as theirs to fix, naming the input. */
export class InputError extends Error {}

/** The azsync run the inputs describe. */
export interface Plan {
  /** `sync`, the positional arguments, then the flags. */
  args: string[];
  /** The flags alone, safe to print: positional arguments may carry a SAS. */
  flags: string[];
  env: Record<string, string>;
  cwd?: string;
  version?: string;
  feed?: string;
}

/** An input's value by the host's name for it; '' when not given. */
export type Read = (name: string, isPath: boolean, isSecret: boolean) => string;

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * Reads every input the host declares through `read` (by the host's own name; '' when not given) and maps it
 * through the one table. `output` is the tool's --output for this host.
 */
export function planRun(host: Host, read: Read, output: string): Plan {
  const plan: Plan = { args: [], flags: ['--output', output], env: {} };
  const position: Record<string, { name: string; value: string }> = {};
  let manifest = '';
  let extra: string[] = [];
  for (const { spec, name } of inputsOf(host)) {
    const raw = read(name, spec.path === true, spec.secret === true) ?? '';
    // Whitespace around a single value is never meant (a YAML block scalar adds a newline); lines keep their own.
    const value = spec.effect.kind === 'lines' ? raw : raw.trim();
    const e = spec.effect;
    switch (e.kind) {
      case 'value':
        if (e.flag === '--manifest') manifest = value;
        if (value) plan.flags.push(e.flag, value);
        break;
      case 'switch':
        if (bool(name, value) === true) plan.flags.push(e.flag);
        break;
      case 'tristate': {
        const b = bool(name, value);
        if (b !== undefined) plan.flags.push(...(b ? [e.flag] : [e.flag, 'false']));
        break;
      }
      case 'lines':
        for (const line of value.split(/\r?\n/).map(l => l.trim()).filter(l => l.length > 0)) {
          plan.flags.push(e.flag, line);
        }
        break;
      case 'position':
        position[e.slot] = { name, value };
        break;
      case 'env':
        if (value) plan.env[e.variable] = value;
        break;
      case 'args':
        extra = words(name, value);
        break;
      case 'cwd':
        if (value) plan.cwd = value;
        break;
      case 'install':
        if (e.field === 'feed' && value) plan.feed = value;
        if (e.field === 'version' && value) {
          // It becomes part of a folder path: only what a NuGet version looks like.
          if (!VERSION.test(value)) {
            throw new InputError(`Input '${name}' is '${value}'; expected a version such as 1.2.3 or 1.2.3-beta.1.`);
          }
          plan.version = value;
        }
        break;
    }
  }
  const source = position.source?.value ?? '';
  const destination = position.destination?.value ?? '';
  const positional: string[] = [];
  if (manifest) {
    if (source) {
      throw new InputError(
        `Give either '${position.source.name}' or the manifest, not both: a manifest names its own sources.`);
    }
    // With --manifest the tool reads a lone positional argument as the destination, overriding the manifest's.
    if (destination) positional.push(destination);
  } else if (destination) {
    // A lone positional argument would be read as SOURCE: the source defaults to the working folder.
    positional.push(source || '.', destination);
  } else if (source) {
    positional.push(source);
  }
  plan.flags.push(...extra);
  plan.args = ['sync', ...positional, ...plan.flags];
  return plan;
}

/** Every value to mask, one line each: read before anything else, so they are hidden before anything is printed. */
export function secretsOf(host: Host, read: Read): string[] {
  const values: string[] = [];
  for (const { spec, name } of inputsOf(host)) {
    const value = (read(name, spec.path === true, spec.secret === true) ?? '').trim();
    if (spec.secret) values.push(...secretLines(value));
    if (spec.effect.kind === 'position' && spec.effect.slot === 'destination') values.push(...urlSas(value));
  }
  return unique(values);
}

function bool(name: string, value: string): boolean | undefined {
  switch (value.toLowerCase()) {
    case 'true': case 'yes': case '1': return true;
    case 'false': case 'no': case '0': return false;
    case '': return undefined;
    default: throw new InputError(`Input '${name}' is '${value}'; expected true or false.`);
  }
}

function words(name: string, value: string): string[] {
  try {
    return splitWords(value);
  } catch (e) {
    throw new InputError(`Input '${name}' could not be split into flags: ${(e as Error).message}.`);
  }
}

/** A secret's lines (a log line can only hide a one-line value), and the parts that grant access on their own. */
function secretLines(value: string): string[] {
  const lines = value.split(/\r?\n/).map(l => l.trim()).filter(l => l.length > 0);
  const parts: string[] = [...lines];
  for (const line of lines) {
    parts.push(...sasParts(line.replace(/^\?/, '')));
    // A connection string's key or SAS may show up on its own.
    for (const item of line.split(';')) {
      const m = /^(AccountKey|SharedAccessSignature)=(.+)$/.exec(item);
      if (m) parts.push(m[2], ...sasParts(m[2]));
    }
  }
  return unique(parts.filter(p => p.length > 0));
}

/** A SAS in a destination URL (…?sv=…&sig=…). */
function urlSas(url: string): string[] {
  const q = url.indexOf('?');
  return q >= 0 && /(^|&)sig=/.test(url.slice(q + 1)) ? unique([url.slice(q + 1), ...sasParts(url.slice(q + 1))]) : [];
}

/** The whole token without its '?', and its signature, the part that grants access. */
function sasParts(token: string): string[] {
  const sig = /(?:^|&)sig=([^&]+)/.exec(token);
  return sig ? [token, sig[1], safeDecode(sig[1])] : [];
}

function safeDecode(text: string): string {
  try { return decodeURIComponent(text); } catch { return text; }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

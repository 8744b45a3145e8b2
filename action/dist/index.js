"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/action/main.ts
var fs4 = __toESM(require("fs"));
var os = __toESM(require("os"));
var path4 = __toESM(require("path"));

// src/core/inputs.ts
var INPUTS = [
  { action: "manifest", task: "manifest", effect: { kind: "value", flag: "--manifest" }, path: true },
  { action: "source", task: "source", effect: { kind: "position", slot: "source" }, path: true },
  { action: "destination", task: "destination", effect: { kind: "position", slot: "destination" } },
  { action: "include", task: "include", effect: { kind: "lines", flag: "--include" } },
  { action: "exclude", task: "exclude", effect: { kind: "lines", flag: "--exclude" } },
  { action: "delete", task: "delete", effect: { kind: "tristate", flag: "--delete" } },
  // Passed whenever given: the manifest may turn delete on, and the limit must hold then too.
  { action: "max-delete", task: "maxDelete", effect: { kind: "value", flag: "--max-delete" } },
  { action: "dry-run", task: "dryRun", effect: { kind: "switch", flag: "--dry-run" } },
  { action: "shard", task: "shard", effect: { kind: "value", flag: "--shard" } },
  { action: "auth", effect: { kind: "env", variable: "AZSYNC_AUTH" } },
  { action: "client-id", effect: { kind: "env", variable: "AZURE_CLIENT_ID" } },
  { action: "tenant-id", effect: { kind: "env", variable: "AZURE_TENANT_ID" } },
  { action: "sas-token", task: "sasToken", effect: { kind: "env", variable: "AZURE_STORAGE_SAS_TOKEN" }, secret: true },
  {
    action: "connection-string",
    task: "connectionString",
    effect: { kind: "env", variable: "AZURE_STORAGE_CONNECTION_STRING" },
    secret: true
  },
  { action: "account-key", effect: { kind: "env", variable: "AZURE_STORAGE_KEY" }, secret: true },
  { action: "args", task: "arguments", effect: { kind: "args" } },
  { action: "working-directory", effect: { kind: "cwd" } },
  { action: "version", task: "toolVersion", effect: { kind: "install", field: "version" } },
  { action: "nuget-source", task: "nugetSource", effect: { kind: "install", field: "feed" } }
];
function inputsOf(host) {
  return INPUTS.filter((spec) => spec[host] !== void 0).map((spec) => ({ spec, name: spec[host] }));
}

// src/core/words.ts
function splitWords(text) {
  const words2 = [];
  let word = "";
  let inWord = false;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = "";
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = "";
      else if (c === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\") {
      if (i + 1 >= text.length) throw new Error("it ends with a lone backslash");
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words2.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`a ${quote === "'" ? "single" : "double"} quote is not closed`);
  if (inWord) words2.push(word);
  return words2;
}

// src/core/command.ts
var InputError = class extends Error {
};
var VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
function planRun(host, read, output) {
  const plan = { args: [], flags: ["--output", output], env: {} };
  const position = {};
  let manifest = "";
  let extra = [];
  for (const { spec, name } of inputsOf(host)) {
    const raw = read(name, spec.path === true, spec.secret === true) ?? "";
    const value = spec.effect.kind === "lines" ? raw : raw.trim();
    const e = spec.effect;
    switch (e.kind) {
      case "value":
        if (e.flag === "--manifest") manifest = value;
        if (value) plan.flags.push(e.flag, value);
        break;
      case "switch":
        if (bool(name, value) === true) plan.flags.push(e.flag);
        break;
      case "tristate": {
        const b = bool(name, value);
        if (b !== void 0) plan.flags.push(...b ? [e.flag] : [e.flag, "false"]);
        break;
      }
      case "lines":
        for (const line of value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0)) {
          plan.flags.push(e.flag, line);
        }
        break;
      case "position":
        position[e.slot] = { name, value };
        break;
      case "env":
        if (value) plan.env[e.variable] = value;
        break;
      case "args":
        extra = words(name, value);
        break;
      case "cwd":
        if (value) plan.cwd = value;
        break;
      case "install":
        if (e.field === "feed" && value) plan.feed = value;
        if (e.field === "version" && value) {
          if (!VERSION.test(value)) {
            throw new InputError(`Input '${name}' is '${value}'; expected a version such as 1.2.3 or 1.2.3-beta.1.`);
          }
          plan.version = value;
        }
        break;
    }
  }
  const source = position.source?.value ?? "";
  const destination = position.destination?.value ?? "";
  const positional = [];
  if (manifest) {
    if (source) {
      throw new InputError(
        `Give either '${position.source.name}' or the manifest, not both: a manifest names its own sources.`
      );
    }
    if (destination) positional.push(destination);
  } else if (destination) {
    positional.push(source || ".", destination);
  } else if (source) {
    positional.push(source);
  }
  plan.flags.push(...extra);
  plan.args = ["sync", ...positional, ...plan.flags];
  return plan;
}
function secretsOf(host, read) {
  const values = [];
  for (const { spec, name } of inputsOf(host)) {
    const value = (read(name, spec.path === true, spec.secret === true) ?? "").trim();
    if (spec.secret) values.push(...secretLines(value));
    if (spec.effect.kind === "position" && spec.effect.slot === "destination") values.push(...urlSas(value));
  }
  return unique(values);
}
function bool(name, value) {
  switch (value.toLowerCase()) {
    case "true":
    case "yes":
    case "1":
      return true;
    case "false":
    case "no":
    case "0":
      return false;
    case "":
      return void 0;
    default:
      throw new InputError(`Input '${name}' is '${value}'; expected true or false.`);
  }
}
function words(name, value) {
  try {
    return splitWords(value);
  } catch (e) {
    throw new InputError(`Input '${name}' could not be split into flags: ${e.message}.`);
  }
}
function secretLines(value) {
  const lines = value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const parts = [...lines];
  for (const line of lines) {
    parts.push(...sasParts(line.replace(/^\?/, "")));
    for (const item of line.split(";")) {
      const m = /^(AccountKey|SharedAccessSignature)=(.+)$/.exec(item);
      if (m) parts.push(m[2], ...sasParts(m[2]));
    }
  }
  return unique(parts.filter((p) => p.length > 0));
}
function urlSas(url) {
  const q = url.indexOf("?");
  return q >= 0 && /(^|&)sig=/.test(url.slice(q + 1)) ? unique([url.slice(q + 1), ...sasParts(url.slice(q + 1))]) : [];
}
function sasParts(token) {
  const sig = /(?:^|&)sig=([^&]+)/.exec(token);
  return sig ? [token, sig[1], safeDecode(sig[1])] : [];
}
function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
function unique(values) {
  return [...new Set(values)];
}

// src/core/dotnet.ts
var import_child_process = require("child_process");
var fs = __toESM(require("fs"));
var path = __toESM(require("path"));
var MIN_DOTNET_MAJOR = 10;
var SetupError = class extends Error {
};
function findDotnet(hint) {
  const exe = which(process.platform === "win32" ? "dotnet.exe" : "dotnet");
  if (!exe) {
    throw new SetupError(`dotnet was not found on PATH; azsync needs the .NET ${MIN_DOTNET_MAJOR} runtime or newer. ${hint}`);
  }
  const listed = (0, import_child_process.spawnSync)(exe, ["--list-runtimes"], { encoding: "utf8" });
  const runtimes = (listed.stdout || "").split(/\r?\n/).map((l) => /^Microsoft\.NETCore\.App (\d+)\.(\S+) \[(.+)\]$/.exec(l.trim())).filter((m) => m !== null).map((m) => ({ major: Number(m[1]), version: `${m[1]}.${m[2]}`, dir: m[3] }));
  const usable = runtimes.filter((r) => r.major >= MIN_DOTNET_MAJOR);
  if (usable.length === 0) {
    const found = runtimes.map((r) => r.version).join(" ") || "no .NET runtime";
    throw new SetupError(`azsync needs the .NET runtime ${MIN_DOTNET_MAJOR}.0 or newer, but this runner's dotnet has only: ${found}. ${hint}`);
  }
  const env = {};
  if (!process.env.DOTNET_ROOT) env.DOTNET_ROOT = path.resolve(usable[usable.length - 1].dir, "..", "..");
  return { exe, env };
}
function which(name) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
    }
  }
  return void 0;
}

// src/core/wrapper.ts
var fs3 = __toESM(require("fs"));
var path3 = __toESM(require("path"));

// src/core/install.ts
var import_child_process2 = require("child_process");
var crypto = __toESM(require("crypto"));
var fs2 = __toESM(require("fs"));
var path2 = __toESM(require("path"));
function toolExe(dir) {
  return path2.join(dir, process.platform === "win32" ? "azsync.exe" : "azsync");
}
function installTool(o) {
  const root = path2.join(o.cache, "azsync");
  const dir = path2.join(root, o.version);
  if (reports(o, toolExe(dir)) === o.version) {
    o.log(`azsync ${o.version} found in the tool cache (${dir}).`);
    return toolExe(dir);
  }
  fs2.mkdirSync(root, { recursive: true });
  const staging = path2.join(root, `.install-${o.version}-${crypto.randomBytes(6).toString("hex")}`);
  const args = ["tool", "install", "AzSync", "--tool-path", staging, "--version", o.version];
  if (o.feed) args.push("--source", o.feed);
  o.log(`Installing azsync ${o.version} into ${dir}`);
  try {
    const r = (0, import_child_process2.spawnSync)(o.dotnet.exe, args, { stdio: "inherit", env: { ...process.env, ...o.dotnet.env } });
    if (r.status !== 0) {
      throw new SetupError(`Installing azsync ${o.version} failed (dotnet ${args.join(" ")}). Check that the version exists on ${o.feed || "the configured NuGet feeds"}.`);
    }
    const got = reports(o, toolExe(staging));
    if (got !== o.version) {
      throw new SetupError(`azsync was installed but reports version '${got ?? "none"}' instead of ${o.version}.`);
    }
    fs2.rmSync(dir, { recursive: true, force: true });
    try {
      fs2.renameSync(staging, dir);
    } catch (e) {
      if (reports(o, toolExe(dir)) !== o.version) throw e;
    }
    return toolExe(dir);
  } finally {
    fs2.rmSync(staging, { recursive: true, force: true });
  }
}
function reports(o, exe) {
  if (!fs2.existsSync(exe)) return void 0;
  const r = (0, import_child_process2.spawnSync)(exe, ["--version"], { encoding: "utf8", env: { ...process.env, ...o.dotnet.env } });
  return r.status === 0 ? (r.stdout || "").split(/\r?\n/)[0].trim() : void 0;
}

// src/core/pinned.ts
var PINNED_VERSION = "1.0.0";

// src/core/run.ts
var import_child_process3 = require("child_process");
function runTool(exe, args, env, cwd) {
  return new Promise((resolve3, reject) => {
    const child = (0, import_child_process3.spawn)(exe, args, { cwd, env: { ...process.env, ...env }, stdio: "inherit" });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve3(code ?? (signal === "SIGINT" ? 130 : 1));
    });
  });
}

// src/core/wrapper.ts
async function runWrapper(io) {
  io.mask(secretsOf(io.host, io.read));
  const plan = planRun(io.host, io.read, io.output);
  const credentials = io.credentials?.() ?? {};
  if (plan.cwd && !isFolder(plan.cwd)) {
    throw new InputError(`Input 'working-directory' is '${plan.cwd}', which is not a folder.`);
  }
  const dotnet = findDotnet(io.setupHint);
  const exe = installTool({
    dotnet,
    version: plan.version ?? PINNED_VERSION,
    feed: plan.feed ?? process.env.AZSYNC_NUGET_SOURCE,
    cache: io.cache,
    log: io.log
  });
  io.installed?.(exe, dotnet.env);
  io.log(`azsync ${["sync", ...plan.flags].join(" ")}`);
  return runTool(exe, plan.args, { ...dotnet.env, ...plan.env, ...credentials }, plan.cwd && path3.resolve(plan.cwd));
}
function isFolder(p) {
  try {
    return fs3.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// src/action/main.ts
function escape(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function input(name) {
  return process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "";
}
function appendTo(variable, line) {
  const file = process.env[variable];
  if (file) fs4.appendFileSync(file, line + os.EOL);
}
async function main() {
  try {
    process.exitCode = await runWrapper({
      host: "action",
      output: "github",
      setupHint: "Add this step before the azsync action: '- uses: actions/setup-dotnet@v4' with 'dotnet-version: 10.0.x'.",
      read: input,
      mask: (values) => {
        for (const v of values) process.stdout.write(`::add-mask::${escape(v)}${os.EOL}`);
      },
      log: (line) => process.stdout.write(line + os.EOL),
      cache: process.env.RUNNER_TOOL_CACHE || process.env.RUNNER_TEMP || os.tmpdir(),
      installed: (exe, env) => {
        appendTo("GITHUB_PATH", path4.dirname(exe));
        if (env.DOTNET_ROOT) appendTo("GITHUB_ENV", `DOTNET_ROOT=${env.DOTNET_ROOT}`);
      }
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

// TaskMockRunner entry for one scenario (JSON in AZSYNC_MOCK_SCENARIO, written by runner.mjs). The task is compiled
// with task-lib left external, so task-lib's mock replaces it: which/checkPath/exec come from the scenario's answers
// and no process is started.
const fs = require('fs');
const path = require('path');
const { TaskMockRunner } = require('azure-pipelines-task-lib/mock-run');

const scenario = JSON.parse(process.env.AZSYNC_MOCK_SCENARIO);
delete process.env.AZSYNC_MOCK_SCENARIO;
// Only the scenario's agent variables: nothing from the developer's shell or a real pipeline reaches the task.
for (const k of Object.keys(process.env)) {
  if (/^(INPUT_|ENDPOINT_|SECRET_|SYSTEM_|AGENT_|BUILD_|AZURE|AZSYNC_NUGET)/i.test(k)) delete process.env[k];
}
Object.assign(process.env, scenario.env);

const tmr = new TaskMockRunner(scenario.task);
for (const [name, value] of Object.entries(scenario.inputs)) tmr.setInput(name, value);
tmr.setAnswers(scenario.answers);

// index.js imports ./secrets before task-lib so that it sees the agent's environment before task-lib empties it;
// TaskMockRunner loads task-lib first, so that import is made here, ahead of it (index.js then gets this instance).
require(path.join(path.dirname(scenario.task), 'secrets.js'));

// The mock tool runner answers exec by command line only; two things it cannot show are recorded here:
// the argv and environment azsync is given, and the executable a successful `dotnet tool install` leaves behind
// (the task checks for it on disk).
const mockTool = require('azure-pipelines-task-lib/mock-task').tool;
tmr.registerMockExport('tool', (exe) => {
  const runner = mockTool(exe);
  const exec = runner.exec.bind(runner);
  runner.exec = async (options) => {
    const args = [...runner.args];
    if (path.basename(exe) === 'azsync') record(args, (options && options.env) || {});
    const code = await exec(options);
    const at = args.indexOf('--tool-path');
    if (args[0] === 'tool' && args[1] === 'install' && code === 0 && at >= 0) {
      fs.mkdirSync(args[at + 1], { recursive: true });
      fs.writeFileSync(path.join(args[at + 1], 'azsync'), '', { mode: 0o755 });
    }
    return code;
  };
  return runner;
});

function record(argv, env) {
  const kept = Object.fromEntries(Object.entries(env).filter(([k]) => /^(AZ|SYSTEM_)/.test(k)));
  const cert = kept.AZURE_CLIENT_CERTIFICATE_PATH;
  const certInfo = cert && fs.existsSync(cert) ? { mode: fs.statSync(cert).mode & 0o777, text: fs.readFileSync(cert, 'utf8') } : null;
  fs.writeFileSync(scenario.record, JSON.stringify({ argv, env: kept, cert: certInfo, node: process.versions.node }));
}

tmr.run();

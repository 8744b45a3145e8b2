using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// File names are data, never CI logging commands: a name holding a line break followed by `##vso[…]` or `::…::`
/// must not reach the start of a line (or, for the Azure Pipelines agent, which runs a `##vso[` anywhere in a line,
/// any line that is not one of our own commands) in any output mode.
/// </summary>
public sealed class CiCommandInjectionTests : IDisposable
{
    private const string VsoName = "a\n##vso[task.setvariable variable=INJECTED]pwned\nb.txt";
    private const string GitHubName = "c\n::warning title=INJECTED::pwned\nd.txt";
    private const string InlineName = "e ##vso[task.setvariable variable=INJECTED]inline.txt";
    private const string FailingName = "p\n::error::INJECTED\n##vso[task.complete result=Failed]INJECTED";
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("text", "sync")]
    [InlineData("verbose", "sync", "-v")]
    [InlineData("plan", "plan")]
    [InlineData("plan-verbose", "plan", "-v")]
    [InlineData("github", "sync", "GITHUB_ACTIONS=true")]
    [InlineData("github-verbose", "sync", "-v", "GITHUB_ACTIONS=true")]
    [InlineData("github-plan", "plan", "GITHUB_ACTIONS=true")]
    [InlineData("pipelines", "sync", "TF_BUILD=True")]
    [InlineData("pipelines-plan", "plan", "TF_BUILD=True")]
    [InlineData("json", "sync", "--output", "json")]
    public async Task A_file_name_never_becomes_a_logging_command(string mode, params string[] args)
    {
        // Only the Azure Pipelines agent looks past the line start; GitHub's escaped annotations and JSON strings
        // may hold a `##vso[` mid-line, as they never run where that agent reads the log (JSON goes to a file).
        var agentReadsMidLine = !mode.StartsWith("github", StringComparison.Ordinal) && mode != "json";
        foreach (var name in new[] { VsoName, GitHubName, InlineName }) _dir.WriteSource(name, "x");
        // Not a regular file: it fails, so the name also goes through the failure lines and the annotations.
        NativeFiles.CreateFifo(_dir.Src(FailingName));
        var environment = new Dictionary<string, string?>
        {
            ["RUNNER_TEMP"] = _dir.Root,
            ["AGENT_TEMPDIRECTORY"] = _dir.Root,
            ["GITHUB_OUTPUT"] = Path.Combine(_dir.Root, "outputs"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(_dir.Root, "summary"),
        };
        foreach (var variable in args.Where(a => a.Contains('=')).Select(a => a.Split('=')))
            environment[variable[0]] = variable[1];
        var flags = args.Skip(1).Where(a => !a.Contains('='));

        var result = (await Testing.AzSyncProcess.Default.RunAsync(
            [args[0], _dir.Source, _dir.Destination, .. flags], environment: environment)).ShouldExit(1);

        Assert.Contains("INJECTED", result.StdOut + result.StdErr);
        foreach (var line in (result.StdOut + result.StdErr).Split('\n'))
        {
            var start = line.TrimStart();
            Assert.False(start.StartsWith("::", StringComparison.Ordinal) && !IsOurGitHubCommand(start),
                $"a line starts a GitHub command: {line}\n{result}");
            var vso = line.IndexOf("##vso[", StringComparison.OrdinalIgnoreCase);
            var injectedAtStart = vso == 0 && line.Contains("]pwned")
                && !line.StartsWith("##vso[task.logissue", StringComparison.Ordinal);
            Assert.False((agentReadsMidLine && vso > 0) || injectedAtStart,
                $"a line carries an Azure Pipelines command: {line}\n{result}");
            Assert.False(new[] { "pwned", "b.txt", "INJECTED" }.Any(s => start.StartsWith(s, StringComparison.Ordinal)),
                $"a file name started a line: {line}\n{result}");
        }
        if (args[0] == "sync") Assert.Equal("x", _dir.ReadDestination(VsoName));
    }

    private static bool IsOurGitHubCommand(string line) =>
        line.StartsWith("::group::azsync ", StringComparison.Ordinal) || line == "::endgroup::" ||
        line.StartsWith("::error file=", StringComparison.Ordinal) ||
        line.StartsWith("::error title=", StringComparison.Ordinal);
}

using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

/// <summary>Runs node, bash, dotnet for the pipelines-task tests; finds the repository root.</summary>
internal static class TaskProcess
{
    public static readonly string RepoRoot = RepoPaths.Root;
    public static string TaskDir => Path.Combine(RepoRoot, "pipelines-task");

    // As on an agent: only what the agent sets, so nothing from the developer's shell leaks into the task.
    private static readonly string[] AgentKeeps = ["PATH", "HOME", "DOTNET_ROOT", "DOTNET_CLI_HOME", "NUGET_PACKAGES", "TMPDIR"];

    public static ProcessResult Run(string file, IEnumerable<string> args, string workDir, IReadOnlyDictionary<string, string?>? env = null,
        bool clearEnv = false, TimeSpan? timeout = null) =>
        ChildProcess.Run(file, args, workDir, env, timeout ?? TimeSpan.FromMinutes(3), clearEnv ? AgentKeeps : null);

    private static readonly Lazy<ProcessResult> Build = new(() =>
        Run("bash", [Path.Combine(TaskDir, "build.sh")], TaskDir, timeout: TimeSpan.FromMinutes(5)));

    /// <summary>Builds the bundle once per test run (npm ci on first use, tsc, esbuild).</summary>
    public static void EnsureBuilt()
    {
        var r = Build.Value;
        if (r.ExitCode != 0) throw new InvalidOperationException($"pipelines-task/build.sh failed ({r.ExitCode}):\n{r.All}");
    }
}

using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

/// <summary>Runs node, bash, dotnet for the wrapper tests; finds the repository root.</summary>
internal static class TaskProcess
{
    public static readonly string RepoRoot = RepoPaths.Root;
    public static string TaskDir => Path.Combine(RepoRoot, "pipelines-task");
    /// <summary>The one core of the Action and the task, with its npm project and node tests.</summary>
    public static string WrappersDir => Path.Combine(RepoRoot, "wrappers");

    // As on an agent: only what the agent sets, so nothing from the developer's shell leaks into the task.
    private static readonly string[] AgentKeeps = ["PATH", "HOME", "DOTNET_ROOT", "DOTNET_CLI_HOME", "NUGET_PACKAGES",
        "TMPDIR"];

    public static ProcessResult Run(
        string file, IEnumerable<string> args, string workDir, IReadOnlyDictionary<string, string?>? env = null,
        bool clearEnv = false, TimeSpan? timeout = null) =>
        ChildProcess.Run(file, args, workDir, env, timeout ?? TimeSpan.FromMinutes(3), clearEnv ? AgentKeeps : null);

    // The task only: the Action's bundle is committed and is tested as it is shipped.
    private static readonly Lazy<ProcessResult> Build = new(() =>
        Run("bash", [Path.Combine(WrappersDir, "build.sh"), "--task"], WrappersDir, timeout: TimeSpan.FromMinutes(5)));

    /// <summary>Builds the task's bundle once per test run (npm ci on first use, tsc, esbuild).</summary>
    public static void EnsureBuilt()
    {
        var r = Build.Value;
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"wrappers/build.sh --task failed ({r.ExitCode}):\n{r.All}");
    }
}

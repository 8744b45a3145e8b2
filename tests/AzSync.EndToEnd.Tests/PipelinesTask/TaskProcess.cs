using System.Diagnostics;

using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

/// <summary>Runs node, bash, dotnet for the pipelines-task tests; finds the repository root.</summary>
internal static class TaskProcess
{
    public static readonly string RepoRoot = RepoPaths.Root;
    public static string TaskDir => Path.Combine(RepoRoot, "pipelines-task");

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + StdErr;
    }

    public static Result Run(string file, IEnumerable<string> args, string workDir, IDictionary<string, string?>? env = null,
        bool clearEnv = false, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (clearEnv)
        {
            // As on an agent: only what the agent sets, so nothing from the developer's shell leaks into the task.
            var keep = new[] { "PATH", "HOME", "DOTNET_ROOT", "DOTNET_CLI_HOME", "NUGET_PACKAGES", "TMPDIR" };
            foreach (var k in psi.Environment.Keys.ToList()) if (!keep.Contains(k)) psi.Environment.Remove(k);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
            if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time:\n{stdout.Result}{stderr.Result}");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    private static readonly Lazy<Result> Build = new(() =>
        Run("bash", [Path.Combine(TaskDir, "build.sh")], TaskDir, timeout: TimeSpan.FromMinutes(5)));

    /// <summary>Builds the bundle once per test run (npm ci on first use, tsc, esbuild).</summary>
    public static void EnsureBuilt()
    {
        var r = Build.Value;
        if (r.ExitCode != 0) throw new InvalidOperationException($"pipelines-task/build.sh failed ({r.ExitCode}):\n{r.All}");
    }
}

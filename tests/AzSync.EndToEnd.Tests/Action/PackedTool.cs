using System.Diagnostics;
using System.Reflection;

using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>
/// The tool packed as a NuGet package into a temporary feed, once for every action test: the action installs it
/// from there exactly as it installs a release from nuget.org.
/// </summary>
public sealed class PackedTool : IDisposable
{
    public string RepoRoot { get; } = FindRepoRoot();
    public string Feed { get; } = Directory.CreateTempSubdirectory("azsync-feed-").FullName;
    public string Version { get; }

    public PackedTool()
    {
        // The test build already built the tool in this configuration, so packing it without building is quick
        // and cannot race with other test projects that run the built binaries.
        var config = typeof(PackedTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var (code, output) = Shell.Run("dotnet", ["pack", "src/AzSync", "-c", config, "--no-build", "-o", Feed, "-nologo"], RepoRoot);
        if (code != 0) throw new InvalidOperationException($"dotnet pack failed ({code}):\n{output}");
        var package = Directory.GetFiles(Feed, "AzSync.*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(package)["AzSync.".Length..];
    }

    public static string FindRepoRoot() => RepoPaths.Root;

    public void Dispose()
    {
        try { Directory.Delete(Feed, true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ActionCollection : ICollectionFixture<PackedTool>
{
    public const string Name = "GitHub Action";
}

internal static class Shell
{
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, string workingDirectory,
        IDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in env) if (v is not null) psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} did not finish.");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The first executable of that name on PATH.</summary>
    public static string Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH.");
}

using System.Reflection;

using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>
/// The tool packed as a NuGet package into a temporary feed: the GitHub Action and the Azure Pipelines task install
/// it from there exactly as they install a release from nuget.org.
/// </summary>
public sealed class PackedTool : IDisposable
{
    public string RepoRoot { get; } = RepoPaths.Root;
    public string Feed { get; } = Directory.CreateTempSubdirectory("azsync-feed-").FullName;
    public string Version { get; }

    // The action's and the task's fixtures may start together; two packs of one project share its obj/ folder.
    private static readonly Lock PackLock = new();

    public PackedTool()
    {
        // The test build already built the tool in this configuration, so packing it without building is quick
        // and cannot race with other test projects that run the built binaries.
        var config = typeof(PackedTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? "Debug";
        ProcessResult pack;
        lock (PackLock)
            pack = ChildProcess.RunAsync(
                "dotnet", ["pack", "src/AzSync", "-c", config, "--no-build", "-o", Feed, "-nologo"], RepoRoot,
                timeout: TimeSpan.FromMinutes(3)).GetAwaiter().GetResult();
        if (pack.ExitCode != 0)
            throw new InvalidOperationException($"dotnet pack failed ({pack.ExitCode}):\n{pack.All}");
        var package = Directory.GetFiles(Feed, "AzSync.*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(package)["AzSync.".Length..];
    }

    public void Dispose()
    {
        try { Directory.Delete(Feed, true); } catch (IOException) { }
    }
}

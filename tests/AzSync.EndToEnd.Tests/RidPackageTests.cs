using System.Runtime.InteropServices;

using AzSync.Testing;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// The release layout: a pointer package, a ReadyToRun package per platform and the portable `any` fallback, installed
/// through `dotnet tool install` exactly as users install it. Only this machine's platform is packed (every RID costs a
/// publish); the csproj's default list is the same mechanism with more entries.
/// </summary>
[Trait("Needs", "pack")]
public sealed class RidPackageTests
{
    [Fact]
    public async Task Dotnet_tool_install_picks_the_ReadyToRun_package_for_this_machine_and_it_runs()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        var work = Directory.CreateTempSubdirectory("azsync-rid-").FullName;
        try
        {
            // A copy of the sources: a RID publish rebuilds the referenced projects, which other tests are running.
            var copy = Path.Combine(work, "repo");
            foreach (var name in new[] { "src" })
                CopyTree(Path.Combine(RepoPaths.Root, name), Path.Combine(copy, name));
            foreach (var file in Directory.GetFiles(RepoPaths.Root, "*.props")
                .Concat(Directory.GetFiles(RepoPaths.Root, "*.md")))
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            var feed = Path.Combine(work, "feed");

            var pack = await ChildProcess.RunAsync("dotnet",
                ["pack", "src/AzSync", "-c", "Release", "-o", feed, "-nologo", "-p:RidPackages=true",
                    $"-p:RidPackageTargets={rid}"],
                copy, timeout: TimeSpan.FromMinutes(15));
            Assert.True(pack.ExitCode == 0, pack.All);
            var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order().ToList();
            Assert.Contains("AzSync.1.0.0.nupkg", packages);
            Assert.Contains($"AzSync.{rid}.1.0.0.nupkg", packages);
            Assert.Contains("AzSync.any.1.0.0.nupkg", packages);

            var tools = Path.Combine(work, "tools");
            var install = await ChildProcess.RunAsync("dotnet",
                ["tool", "install", "AzSync", "--tool-path", tools, "--add-source", feed, "--version", "1.0.0"], work,
                timeout: TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, install.All);
            // The platform's package, not the fallback, is what got installed, and it is ReadyToRun code.
            var dll = Directory
                .GetFiles(Path.Combine(tools, ".store"), "azsync.dll", SearchOption.AllDirectories).Single();
            Assert.Contains(Path.DirectorySeparatorChar + rid + Path.DirectorySeparatorChar, dll);
            Assert.True(IsReadyToRun(dll), $"{dll} has no ReadyToRun header");

            var exe = Path.Combine(tools, OperatingSystem.IsWindows() ? "azsync.exe" : "azsync");
            var version = await ChildProcess.RunAsync(exe, ["--version"], work);
            Assert.Equal(0, version.ExitCode);
            Assert.Equal("1.0.0", version.StdOut.Trim());
        }
        finally
        {
            try { Directory.Delete(work, true); } catch (IOException) { }
        }
    }

    private static bool IsReadyToRun(string path)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj") continue;
            if (dir.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, file);
            if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            File.Copy(file, Path.Combine(to, rel));
        }
    }
}

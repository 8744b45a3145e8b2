using System.IO.Compression;

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

/// <summary>
/// What a publisher ships, built once for the smoke tests: the tool packed into a feed, and the extension packed by
/// tfx-cli into a VSIX and unpacked again, so the tests run the task entry that the agent would download.
/// </summary>
public sealed class PackagedTask : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-vsix-").FullName;
    public PackedTool Tool { get; } = new();
    /// <summary>AzSync/dist/index.js inside the unpacked VSIX.</summary>
    public string Entry { get; }

    public PackagedTask()
    {
        TaskProcess.EnsureBuilt();
        var vsixDir = Path.Combine(_dir, "vsix");
        var tfx = TaskProcess.Run(Path.Combine(TaskProcess.WrappersDir, "node_modules", ".bin", "tfx"),
            ["extension", "create", "--manifest-globs", "vss-extension.json",
            "--output-path", vsixDir, "--no-prompt"], TaskProcess.TaskDir, timeout: TimeSpan.FromMinutes(3));
        if (tfx.ExitCode != 0) throw new InvalidOperationException("tfx extension create failed:\n" + tfx.All);
        var unpacked = Path.Combine(_dir, "unpacked");
        ZipFile.ExtractToDirectory(Directory.GetFiles(vsixDir, "*.vsix").Single(), unpacked);
        Entry = Path.Combine(unpacked, "AzSync", "dist", "index.js");
        if (!File.Exists(Entry)) throw new InvalidOperationException("the VSIX lacks AzSync/dist/index.js");
    }

    public void Dispose()
    {
        Tool.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

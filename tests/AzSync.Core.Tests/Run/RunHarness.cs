using AzSync.Core.Run;
using AzSync.Core.Stores.Local;

namespace AzSync.Core.Tests.Run;

/// <summary>
/// A run in-process as the tool makes one: a real source folder, a real local destination through the same
/// store the tool opens for a folder, and a console and environment of the test's own (nothing from the process
/// reaches the run).
/// </summary>
internal sealed class RunHarness : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("azsync-run-").FullName;
    public string Source => Path.Combine(Root, "src");
    public string Destination => Path.Combine(Root, "dst");
    public StringWriter Out { get; private set; } = new();
    public StringWriter Error { get; private set; } = new();
    public Dictionary<string, string?> Environment { get; } = new();

    public RunHarness() => Directory.CreateDirectory(Source);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public void WriteSource(string path, string content) => Write(Source, path, content);

    public void WriteDestination(string path, string content) => Write(Destination, path, content);

    public SyncFlags Flags(RunMode mode = RunMode.Sync) =>
        new() { Mode = mode, Source = Source, Destination = Destination };

    /// <summary>Runs with fresh console writers, so Out and Error hold this run's output alone.</summary>
    public Task<int> RunAsync(SyncFlags flags, TimeProvider? clock = null)
    {
        Out = new StringWriter();
        Error = new StringWriter();
        var run = new SyncRun(new RunConsole(Out, Error, ErrorIsTerminal: false),
            name => Environment.GetValueOrDefault(name), clock ?? TimeProvider.System,
            (destination, _) => new LocalStore(destination));
        return run.RunAsync(flags, CancellationToken.None);
    }

    private static void Write(string root, string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}

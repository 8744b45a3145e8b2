using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests;

/// <summary>On a terminal a live bar is drawn (and cleared); in a log there is no control code at all.</summary>
public sealed class ProgressBarTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_terminal_gets_a_live_bar_and_a_redirected_log_gets_plain_lines()
    {
        _dir.WriteSource("big.bin", LargeContent.Bytes);
        _dir.WriteSource("small.txt", "x");

        using var run = AzSyncProcess.Default.StartInTerminal(["sync", _dir.Source, _dir.Destination]);
        var onTerminal = await run.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(onTerminal.ExitCode == 0, onTerminal.ToString());
        Assert.Contains("Uploading 2 files", onTerminal.StdOut);
        Assert.Contains("\u001b[", onTerminal.StdOut);

        File.WriteAllText(_dir.Src("small.txt"), "changed");
        var logged = await AzSyncProcess.Default.RunAsync(["sync", _dir.Source, _dir.Destination, "-v"]);
        Assert.True(logged.ExitCode == 0, logged.ToString());
        Assert.Contains("uploaded: small.txt", logged.StdErr);
        Assert.DoesNotContain("\u001b[", logged.StdOut + logged.StdErr);

        File.WriteAllText(_dir.Src("small.txt"), "changed again");
        using var one = AzSyncProcess.Default.StartInTerminal(["sync", _dir.Source, _dir.Destination]);
        var oneFile = await one.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(oneFile.ExitCode == 0, oneFile.ToString());
        Assert.Contains("Uploading 1 file", oneFile.StdOut);
        Assert.DoesNotContain("1 files", oneFile.StdOut);
    }
}

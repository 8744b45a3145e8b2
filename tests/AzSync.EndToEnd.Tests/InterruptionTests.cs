using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;
using AzSync.Testing.CaseFolding;
using Xunit;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// What readers and later runs see when a sync is replacing files, is killed, or is interrupted with Ctrl+C.
/// The big sources are sparse files, cheap to create, so the runs last long enough to be caught mid-copy.
/// </summary>
public sealed class InterruptionTests : IDisposable
{
    private const string TempPrefix = ".azsync-tmp-";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_reader_sees_the_whole_old_or_the_whole_new_file_never_a_mix()
    {
        var original = LargeContent.Bytes;
        var replacement = LargeContent.Inverted();
        var allowed = new[] { LargeContent.Hash(original), LargeContent.Hash(replacement) };
        _dir.WriteSource("big.bin", original);
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        _dir.WriteSource("big.bin", replacement);

        var target = _dir.Dst("big.bin");
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var buffer = new byte[LargeContent.Size + 1];
            while (!stop.IsCancellationRequested) seen.Enqueue(ReadAndHash(target, buffer));
        });
        while (seen.IsEmpty) await Task.Delay(5);

        var readsBefore = seen.Count;
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        var readsDuring = seen.Count - readsBefore;
        var readsAfter = seen.Count;
        while (seen.Count < readsAfter + 1) await Task.Delay(5);
        await stop.CancelAsync();
        await reader;

        var observations = seen.ToList();
        Assert.All(observations, hash => Assert.Contains(hash, allowed));
        Assert.True(readsDuring >= 1, $"the reader only finished {readsDuring} reads while the sync ran");
        Assert.Equal(allowed[0], observations[0]);
        Assert.Equal(allowed[1], observations[^1]);
    }

    private static string ReadAndHash(string path, byte[] buffer)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            int total = 0, read;
            while ((read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
            return LargeContent.Hash(buffer.AsSpan(0, total)) + (total == LargeContent.Size ? "" : $" ({total} bytes)");
        }
        catch (FileNotFoundException)
        {
            return "<missing>";
        }
    }

    [Fact]
    [Trait("Needs", "fuse")]
    public async Task A_killed_run_leaves_no_partial_file_and_its_temporary_is_ignored_then_cleaned_up()
    {
        // The source sits on the FUSE passthrough, which holds the copy's reads (its second open; the first is the
        // hashing) until the test lets them go: the run is caught mid-copy by construction, however fast the machine
        // (a sparse file was copied before a poll could see its temporary file).
        using var mount = CaseInsensitiveMount.Create(holdSecondOpen: "big.bin");
        var source = Path.Combine(mount.Path, "big.bin");
        File.WriteAllBytes(source, System.Security.Cryptography.RandomNumberGenerator.GetBytes(4 << 20));

        string temp;
        using (var run = AzSyncProcess.Default.Start(["sync", mount.Path, _dir.Destination]))
        {
            try
            {
                temp = await WaitForTemporaryAsync(run);
                run.Kill();
            }
            finally
            {
                // A process killed inside a FUSE read is gone only once that read is answered.
                mount.ReleaseHeld();
            }
            await run.WaitAsync(Patience);
        }

        Assert.False(File.Exists(_dir.Dst("big.bin")), "a killed run left a file under the final name");
        Assert.True(File.Exists(temp));

        var plan = Report.Parse((await Run.AzSync("plan", mount.Path, _dir.Destination, "-o", "json")).ShouldExit(0).StdOut);
        var planText = (await Run.AzSync("plan", mount.Path, _dir.Destination, "--delete")).ShouldExit(0);

        var only = Assert.Single(plan.Files);
        Assert.Equal(("big.bin", "upload-new"), (only.Path, only.Action));
        Assert.DoesNotContain(TempPrefix, planText.StdOut);
        Assert.True(File.Exists(temp), "a recent temporary file may belong to a running sync and must be left alone");

        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddMinutes(-11));
        (await Run.AzSync("sync", mount.Path, _dir.Destination)).ShouldExit(0);

        Assert.False(File.Exists(temp), "a temporary file older than 10 minutes should be removed");
        Assert.Equal(["big.bin"], _dir.DestinationFiles());
        Assert.Equal(TreeSnapshot.HashOf(source), TreeSnapshot.HashOf(_dir.Dst("big.bin")));
    }

    [Fact]
    public async Task Ctrl_C_exits_130_and_leaves_only_complete_files()
    {
        const int count = 24;
        var names = Enumerable.Range(0, count).Select(i => $"part{i:00}.bin").ToList();
        foreach (var name in names) _dir.WriteSparseSource(name, 16 << 20, "part " + name);

        AzSyncResult result;
        using (var run = AzSyncProcess.Default.Start(["sync", _dir.Source, _dir.Destination, "--parallel", "2"], defaultSigint: true))
        {
            await WaitForTemporaryAsync(run);
            await run.InterruptAsync();
            result = (await run.WaitAsync(Patience)).ShouldExit(130);
        }

        Assert.Contains("Cancelled", result.StdErr);
        var arrived = _dir.DestinationFiles();
        Assert.DoesNotContain(arrived, f => f.Contains(TempPrefix));
        Assert.True(arrived.Count < count, "the interrupt came too late to test anything");
        foreach (var name in arrived)
            Assert.True(TreeSnapshot.HashOf(_dir.Src(name)) == TreeSnapshot.HashOf(_dir.Dst(name)), $"{name} is partial");

        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        Assert.Equal(names, _dir.DestinationFiles());
    }

    /// <summary>Polls until the run has a temporary file in the destination: it is mid-copy.</summary>
    private async Task<string> WaitForTemporaryAsync(AzSyncRun run)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(_dir.Destination) &&
                Directory.EnumerateFiles(_dir.Destination, TempPrefix + "*", SearchOption.AllDirectories).FirstOrDefault() is { } temp)
                return temp;
            if (run.HasExited)
                throw new Xunit.Sdk.XunitException("The run finished before a temporary file was seen:\n" + await run.WaitAsync(Patience));
            await Task.Delay(2);
        }
        throw new TimeoutException("No temporary file appeared in the destination.");
    }
}

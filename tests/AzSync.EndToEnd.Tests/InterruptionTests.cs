using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;
using AzSync.Testing.CaseFolding;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// What readers and later runs see when a sync is replacing files, is killed, or is interrupted with Ctrl+C. The
/// sources sit on the FUSE passthrough (tests/fuse/ci_passthrough.py), which holds the copy's reads of one file (its
/// second open; the first is the hashing) until the test lets them go: each run is caught mid-copy by construction,
/// not by polling for a temporary file that a fast copy may outrun.
/// </summary>
[Trait("Needs", "fuse")]
public sealed class InterruptionTests : IDisposable
{
    private const string TempPrefix = ".azsync-tmp-";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const int Size = 4 << 20;
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_reader_sees_the_whole_old_or_the_whole_new_file_never_a_mix()
    {
        // Small: the hold, not the size, keeps the run under way while the reader reads.
        var original = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Size);
        var replacement = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Size);
        string[] allowed = [LargeContent.Hash(original), LargeContent.Hash(replacement)];
        using var mount = CaseInsensitiveMount.Create(holdSecondOpen: "big.bin");
        File.WriteAllBytes(Path.Combine(mount.Path, "big.bin"), replacement);
        Directory.CreateDirectory(_dir.Destination);
        File.WriteAllBytes(_dir.Dst("big.bin"), original);

        var target = _dir.Dst("big.bin");
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var reads = new EventCounter();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var buffer = new byte[Size + 1];
            while (!stop.IsCancellationRequested)
            {
                seen.Enqueue(ReadAndHash(target, buffer));
                reads.Increment();
            }
        });
        int readsDuring;
        using (var run = AzSyncProcess.Default.Start(["sync", mount.Path, _dir.Destination]))
        {
            try
            {
                // The copy has begun and waits: two reads begun from now on fall inside the run, by construction.
                await mount.Held.WaitAsync(Patience);
                var before = reads.Count;
                await Task.WhenAny(reads.WhenMore(2), reader).WaitAsync(Patience);
                readsDuring = reads.Count - before;
            }
            finally
            {
                mount.ReleaseHeld();
            }
            (await run.WaitAsync(Patience)).ShouldExit(0);
        }
        // The second read finished from now on also began after the run ended.
        await Task.WhenAny(reads.WhenMore(2), reader).WaitAsync(Patience);
        await stop.CancelAsync();
        await reader;

        var observations = seen.ToList();
        Assert.All(observations, hash => Assert.Contains(hash, allowed));
        Assert.True(readsDuring >= 2, $"the reader only finished {readsDuring} reads while the copy was held");
        Assert.Equal(allowed[0], observations[0]);
        Assert.Equal(allowed[1], observations[^1]);
    }

    private static string ReadAndHash(string path, byte[] buffer)
    {
        try
        {
            using var stream = new FileStream(
                path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            int total = 0, read;
            while ((read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
            return LargeContent.Hash(buffer.AsSpan(0, total)) + (total == Size ? "" : $" ({total} bytes)");
        }
        catch (FileNotFoundException)
        {
            return "<missing>";
        }
    }

    [Fact]
    public async Task A_killed_run_leaves_no_partial_file_and_its_temporary_is_ignored_then_cleaned_up()
    {
        using var mount = CaseInsensitiveMount.Create(holdSecondOpen: "big.bin");
        var source = Path.Combine(mount.Path, "big.bin");
        File.WriteAllBytes(source, System.Security.Cryptography.RandomNumberGenerator.GetBytes(4 << 20));

        string temp;
        using (var run = AzSyncProcess.Default.Start(["sync", mount.Path, _dir.Destination]))
        {
            try
            {
                temp = await HeldTemporaryAsync(mount, run, "big.bin");
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

        var plan = Report.Parse(
            (await Run.AzSync("plan", mount.Path, _dir.Destination, "-o", "json")).ShouldExit(0).StdOut);
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
        // part00's copy is held: whatever else the run copies meanwhile, it cannot finish before the interrupt. Once
        // released, its 64 reads give the tool 64 chances to see the interrupt, which it got before the release.
        using var mount = CaseInsensitiveMount.Create(holdSecondOpen: names[0]);
        foreach (var name in names)
        {
            using var file = new FileStream(Path.Combine(mount.Path, name), FileMode.CreateNew, FileAccess.Write);
            file.Write(System.Text.Encoding.UTF8.GetBytes("part " + name));
            file.SetLength(name == names[0] ? 64 << 20 : 1 << 20);
        }

        AzSyncResult result;
        using (var run = AzSyncProcess.Default.Start(["sync", mount.Path, _dir.Destination, "--parallel", "2"],
                   defaultSigint: true))
        {
            try
            {
                await HeldTemporaryAsync(mount, run, names[0]);
                await run.InterruptAsync();
            }
            finally
            {
                mount.ReleaseHeld();
            }
            result = (await run.WaitAsync(Patience)).ShouldExit(130);
        }

        Assert.Contains("Cancelled", result.StdErr);
        var arrived = _dir.DestinationFiles();
        Assert.DoesNotContain(arrived, f => f.Contains(TempPrefix));
        Assert.True(arrived.Count < count, "every file arrived: the interrupt came after the run");
        foreach (var name in arrived)
        {
            var source = TreeSnapshot.HashOf(Path.Combine(mount.Path, name));
            Assert.True(source == TreeSnapshot.HashOf(_dir.Dst(name)), $"{name} is partial");
        }

        (await Run.AzSync("sync", mount.Path, _dir.Destination)).ShouldExit(0);
        Assert.Equal(names, _dir.DestinationFiles());
    }

    /// <summary>Waits until the held copy of <paramref name="name"/> has begun and returns its temporary file, which
    /// the local store creates before it reads the source.</summary>
    private async Task<string> HeldTemporaryAsync(CaseInsensitiveMount mount, AzSyncRun run, string name)
    {
        var exited = run.WaitAsync(Timeout.InfiniteTimeSpan);
        await Task.WhenAny(mount.Held, exited).WaitAsync(Patience);
        if (!mount.Held.IsCompleted)
            throw new Xunit.Sdk.XunitException("The run ended before its copy was held:\n" + await exited);
        var pattern = $"{TempPrefix}*-{name}";
        return Directory.EnumerateFiles(_dir.Destination, pattern, SearchOption.AllDirectories).Single();
    }
}

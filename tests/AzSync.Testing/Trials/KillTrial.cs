namespace AzSync.Testing.Trials;

/// <summary>
/// kill -9 at a seeded point: the run that replaces every file is killed when the proxy sees its k-th write request
/// (a point in the run's own progress, not a time), while a poller reads the destination over and over. No file may
/// ever hold bytes that are neither its old nor its new version, and the next run converges.
/// </summary>
public sealed class KillTrial(TrialStore store, int seed)
{
    private readonly Random _random = new(seed);
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-kill-").FullName;
    private string Container => $"kill{seed}";

    public async Task<TrialCounts> RunAsync(Action<string>? log = null)
    {
        var counts = new TrialCounts();
        var versions = new Dictionary<string, byte[][]>(StringComparer.Ordinal);
        var source = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            await store.CreateAsync(Container);
            for (var i = 0; i < 16; i++)
                source[$"{(i % 2 == 0 ? "" : "d/")}k{i}.bin"] = Bytes(_random.Next(1, 40 << 10));
            source["large.bin"] = Bytes(5 << 20);
            WriteAll(source);
            var first = await Tool();
            counts.Runs++;
            if (first.ExitCode != 0) throw new InvalidOperationException($"The run before the kill failed:\n{first}");

            foreach (var (name, old) in source.ToList())
            {
                source[name] = Bytes(old.Length + _random.Next(0, 1000));
                versions[name] = [old, source[name]];
            }
            WriteAll(source);
            var before = await store.SnapshotAsync(Container);
            // Every store sends at least one PUT per file, so the kill falls inside the run.
            var killAt = _random.Next(1, source.Count + 1);
            var writes = 0;
            var started = new TaskCompletionSource<AzSyncRun>(TaskCreationOptions.RunContinuationsAsynchronously);
            store.Proxy.Hold = async request =>
            {
                if (request.Method != "PUT") return;
                if (Interlocked.Increment(ref writes) == killAt) (await started.Task).Kill();
            };
            using var run = AzSyncProcess.Default.Start(["sync", _dir, store.Url(Container), .. store.TypeArgs],
                environment: store.Environment);
            started.SetResult(run);
            counts.Runs++;
            var polls = 0;
            // Poll until the run is gone, and once more after: what a reader sees at any moment must be whole.
            do
            {
                var seen = await store.SnapshotAsync(Container);
                Judge.Check($"{store.Kind} kill seed {seed}, poll {++polls}", source, versions, before, seen, null,
                    counts);
            } while (!run.HasExited);
            var killed = await run.WaitAsync(TimeSpan.FromMinutes(5));
            store.Proxy.Hold = null;
            log?.Invoke($"{store.Kind} kill seed {seed}: killed at write {killAt} of about {source.Count}, " +
                        $"exit {killed.ExitCode}, {polls} polls");
            Judge.Check($"{store.Kind} kill seed {seed}, after the kill", source, versions, before,
                await store.SnapshotAsync(Container), null, counts);

            var again = await Tool();
            counts.Runs++;
            if (again.ExitCode != 0 || !Judge.Converged(source, [], await store.SnapshotAsync(Container)))
            {
                counts.NotConverged++;
                counts.Findings.Add(
                    $"{store.Kind} kill seed {seed}: the run after the kill did not converge:\n{again}");
            }
        }
        finally
        {
            store.Proxy.Hold = null;
            Directory.Delete(_dir, true);
        }
        return counts;
    }

    private byte[] Bytes(int size)
    {
        var bytes = new byte[size];
        _random.NextBytes(bytes);
        return bytes;
    }

    private void WriteAll(Dictionary<string, byte[]> source)
    {
        foreach (var (name, bytes) in source)
        {
            var path = Path.Combine(_dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    private Task<AzSyncResult> Tool() => AzSyncProcess.Default.RunAsync(
        ["sync", _dir, store.Url(Container), .. store.TypeArgs],
        environment: store.Environment, timeout: TimeSpan.FromMinutes(5));
}

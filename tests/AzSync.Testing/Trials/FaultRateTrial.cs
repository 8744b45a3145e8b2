namespace AzSync.Testing.Trials;

/// <summary>
/// One seeded trial: an initial, a changed and a --delete run of the built tool through the faulty proxy, each judged
/// against the source and its own report, then repeated without faults, which must exit 0 and converge.
/// </summary>
public sealed class FaultRateTrial(TrialStore store, int seed, double rate, int files = 12, bool bigFile = false)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, byte[]> _source = new(StringComparer.Ordinal);
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-trial-").FullName;
    private string Container => $"t{seed}-{(int)(rate * 100)}";

    /// <summary>Every phase's runs and faults. The Action parameter gets one line per run, for a live log.</summary>
    public async Task<TrialCounts> RunAsync(Action<string>? log = null, params FaultKind[] kinds)
    {
        var counts = new TrialCounts();
        store.Proxy.Faults = new RandomFaults(seed, rate, kinds);
        try
        {
            await store.CreateAsync(Container);
            await store.WriteAsync(Container, "outside/keep.txt", "another writer's file"u8.ToArray());
            for (var i = 0; i < files; i++) Write($"{(i % 3 == 0 ? "" : i % 3 == 1 ? "a/" : "a/b/")}f{i}.bin",
                _random.Next(0, 48 << 10));
            if (bigFile) Write("big.bin", 9 << 20);
            await PhaseAsync("initial", [], counts, log);
            foreach (var name in _source.Keys.Where((_, i) => i % 4 == 1).ToList())
                Write(name, _random.Next(1, 48 << 10));
            Write("a/new1.bin", 1000);
            Write("c/new2.bin", 70_000);
            await PhaseAsync("changed", [], counts, log);
            foreach (var name in _source.Keys.Where((_, i) => i % 5 == 2).ToList())
            {
                File.Delete(Path.Combine(_dir, name));
                _source.Remove(name);
            }
            await PhaseAsync("delete", ["--delete", "--max-delete", "100%"], counts, log);
        }
        finally
        {
            store.Proxy.Faults = null;
            Directory.Delete(_dir, true);
        }
        return counts;
    }

    private void Write(string name, int size)
    {
        var bytes = new byte[size];
        _random.NextBytes(bytes);
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        _source[name] = bytes;
    }

    private async Task PhaseAsync(string phase, string[] extra, TrialCounts counts, Action<string>? log)
    {
        var label = $"{store.Kind} seed {seed} at {rate:P0}, {phase}";
        var faults = store.Proxy.Faults!;
        var before = await store.SnapshotAsync(Container);
        var outside = new SortedDictionary<string, Stored>(
            before.Where(kv => !kv.Key.StartsWith(TrialStore.Prefix + "/", StringComparison.Ordinal)).ToDictionary(),
                StringComparer.Ordinal);
        var injectedBefore = faults.Total;
        faults.Enabled = true;
        var faulty = await Tool(extra);
        counts.Runs++;
        counts.Faults += faults.Total - injectedBefore;
        if (faulty.ExitCode != 0) counts.NonZeroExits++;
        log?.Invoke($"{label}: exit {faulty.ExitCode}, {faults.Total - injectedBefore} faults");
        Judge.Check(label, _source, null, before, await store.SnapshotAsync(Container), faulty.StdOut, counts);

        faults.Enabled = false;
        var clean = await Tool(extra);
        counts.Runs++;
        var after = await store.SnapshotAsync(Container);
        if (clean.ExitCode != 0 || !Judge.Converged(_source, outside, after))
        {
            counts.NotConverged++;
            counts.Findings.Add($"{label}: the fault-free re-run did not converge (exit {clean.ExitCode}):\n{clean}");
        }
    }

    private Task<AzSyncResult> Tool(string[] extra) => AzSyncProcess.Default.RunAsync(
        ["sync", _dir, store.Url(Container), .. store.TypeArgs, "-o", "json", .. extra],
        environment: store.Environment, timeout: TimeSpan.FromMinutes(5));
}

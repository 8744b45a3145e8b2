namespace AzSync.Testing.Trials;

/// <summary>
/// Two azsync runs of different sources into one destination at once, and another client writing some of the same
/// files when the proxy sees the first write. Whoever wins a file, it must hold one writer's whole bytes under their
/// MD5; a later run of one source (with --force, since the other writers changed the destination) converges.
/// </summary>
public sealed class ConcurrentTrial(TrialStore store, int seed)
{
    private readonly Random _random = new(seed);
    private string Container => $"both{seed}";

    public async Task<TrialCounts> RunAsync(Action<string>? log = null)
    {
        var counts = new TrialCounts();
        var dirs = new[] { Directory.CreateTempSubdirectory("azsync-a-").FullName,
            Directory.CreateTempSubdirectory("azsync-b-").FullName };
        try
        {
            await store.CreateAsync(Container);
            var names = Enumerable.Range(0, 10).Select(i => $"{(i % 2 == 0 ? "" : "d/")}c{i}.bin").ToList();
            var sources = dirs.Select(dir => names.ToDictionary(n => n, _ => Bytes(_random.Next(1, 40 << 10)),
                StringComparer.Ordinal)).ToList();
            for (var i = 0; i < 2; i++) Write(dirs[i], sources[i]);
            var third = names.Where((_, i) => i % 3 == 0).ToDictionary(n => n, _ => Bytes(3000),
                StringComparer.Ordinal);
            byte[][] Versions(string n) => third.TryGetValue(n, out var t) ? [sources[0][n], sources[1][n], t]
                : [sources[0][n], sources[1][n]];
            var versions = names.ToDictionary(n => n, Versions, StringComparer.Ordinal);
            var wrote = 0;
            store.Proxy.Hold = async request =>
            {
                if (request.Method != "PUT" || Interlocked.Exchange(ref wrote, 1) == 1) return;
                foreach (var (name, bytes) in third)
                    await store.WriteAsync(Container, $"{TrialStore.Prefix}/{name}", bytes);
            };
            var before = await store.SnapshotAsync(Container);
            var results = await Task.WhenAll(dirs.Select(dir => Tool(dir)));
            store.Proxy.Hold = null;
            counts.Runs += 2;
            counts.NonZeroExits += results.Count(r => r.ExitCode != 0);
            var exits = string.Join(", ", results.Select(r => r.ExitCode));
            log?.Invoke($"{store.Kind} concurrent seed {seed}: exits {exits}");
            Judge.Check($"{store.Kind} concurrent seed {seed}", sources[1], versions, before,
                await store.SnapshotAsync(Container), null, counts);

            var again = await Tool(dirs[1], "--force");
            counts.Runs++;
            if (again.ExitCode != 0 || !Judge.Converged(sources[1], [], await store.SnapshotAsync(Container)))
            {
                counts.NotConverged++;
                counts.Findings.Add($"{store.Kind} concurrent seed {seed}: a --force run did not converge:\n{again}");
            }
        }
        finally
        {
            store.Proxy.Hold = null;
            foreach (var dir in dirs) Directory.Delete(dir, true);
        }
        return counts;
    }

    private byte[] Bytes(int size)
    {
        var bytes = new byte[size];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static void Write(string dir, Dictionary<string, byte[]> files)
    {
        foreach (var (name, bytes) in files)
        {
            var path = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    private Task<AzSyncResult> Tool(string dir, params string[] extra) => AzSyncProcess.Default.RunAsync(
        ["sync", dir, store.Url(Container), .. store.TypeArgs, .. extra], environment: store.Environment,
            timeout: TimeSpan.FromMinutes(5));
}

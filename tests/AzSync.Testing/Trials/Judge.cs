using System.Text.Json;

namespace AzSync.Testing.Trials;

/// <summary>
/// Compares a container before and after a run with the source and the run's own report. Paths are full paths in the
/// container; the sync covers <see cref="TrialStore.Prefix"/>/ only, and anything outside it must never change.
/// </summary>
public static class Judge
{
    /// <summary>What the run's JSON report says it did to each file (status), or null without a report.</summary>
    public static Dictionary<string, string>? Statuses(string stdout)
    {
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            return doc.RootElement.GetProperty("files").EnumerateArray()
                .Where(f => f.TryGetProperty("status", out _))
                .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("status").GetString()!,
                    StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <param name="versions">Every version of each source file a run may legitimately store (old and new).</param>
    public static void Check(string label, IReadOnlyDictionary<string, byte[]> source,
        IReadOnlyDictionary<string, byte[][]>? versions, SortedDictionary<string, Stored> before,
        SortedDictionary<string, Stored> after, string? stdout, TrialCounts counts)
    {
        var prefix = TrialStore.Prefix + "/";
        foreach (var (path, stored) in after)
            if (!stored.Md5Matches && !IsTemporary(path))
                counts.Md5Mismatches += Found(counts, $"{label}: {path} stored with Content-MD5 " +
                    $"{(stored.Md5 is null ? "none" : Convert.ToBase64String(stored.Md5))}, not the MD5 of its bytes");
        foreach (var (path, old) in before)
        {
            if (after.ContainsKey(path)) continue;
            var inside = path.StartsWith(prefix, StringComparison.Ordinal);
            if (!inside || source.ContainsKey(path[prefix.Length..]))
                counts.WronglyDeleted += Found(counts, $"{label}: {path} was deleted although " +
                    (inside ? "it is in the selection" : "it is outside the sync's folder"));
        }
        foreach (var (path, stored) in after)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rel = path[prefix.Length..];
            if (IsTemporary(rel))
            {
                // Not a user's file: a write that had not been renamed into place when the run ended. The next run
                // removes it (the convergence check insists), so it is counted, not judged.
                counts.TemporaryLeft++;
                continue;
            }
            if (before.TryGetValue(path, out var old) && old.Bytes.AsSpan().SequenceEqual(stored.Bytes)) continue;
            var allowed = versions?.GetValueOrDefault(rel) ?? (source.TryGetValue(rel, out var now) ? [now] : []);
            if (!allowed.Any(v => v.AsSpan().SequenceEqual(stored.Bytes)))
                counts.HalfWritten += Found(counts,
                    $"{label}: {path} holds {stored.Bytes.Length} bytes that are no version of the source");
        }
        if (stdout is null) return;
        var statuses = Statuses(stdout);
        if (statuses is null)
        {
            counts.Unreported += Found(counts, $"{label}: the run printed no JSON report");
            return;
        }
        foreach (var (rel, status) in statuses)
        {
            if (status != "uploaded") continue;
            if (!after.TryGetValue(prefix + rel, out var stored))
                counts.Lost += Found(counts, $"{label}: {rel} reported uploaded, absent at the destination");
            else if (source.TryGetValue(rel, out var bytes) && !bytes.AsSpan().SequenceEqual(stored.Bytes))
                counts.HalfWritten += Found(counts,
                    $"{label}: {rel} reported uploaded, but the destination holds other bytes");
        }
    }

    /// <summary>The destination's folder equals the source and everything outside it is as it was.</summary>
    public static bool Converged(IReadOnlyDictionary<string, byte[]> source, SortedDictionary<string, Stored> outside,
        SortedDictionary<string, Stored> after)
    {
        var expected = source.Select(kv => (Path: TrialStore.Prefix + "/" + kv.Key, Bytes: kv.Value))
            .Concat(outside.Select(kv => (Path: kv.Key, kv.Value.Bytes))).ToList();
        return after.Count == expected.Count &&
               expected.All(e => after.TryGetValue(e.Path, out var s) && s.Bytes.AsSpan().SequenceEqual(e.Bytes)
                   && s.Md5Matches);
    }

    public static bool IsTemporary(string path) => Path.GetFileName(path).StartsWith(".azsync-tmp-",
        StringComparison.Ordinal);

    private static int Found(TrialCounts counts, string finding)
    {
        counts.Findings.Add(finding);
        return 1;
    }
}

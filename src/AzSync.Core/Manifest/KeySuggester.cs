namespace AzSync.Core.Manifest;

public static class KeySuggester
{
    /// <summary>
    /// The known key closest to <paramref name="unknown"/>, or null when none is close enough to be a typo.
    /// </summary>
    public static string? Suggest(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(unknown.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A third of the length catches transpositions and dropped letters in long camelCase keys without
        // offering 'delete' for 'target'.
        var allowed = Math.Max(2, unknown.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    // Optimal string alignment distance: Levenshtein plus adjacent transpositions ("mpaings").
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}

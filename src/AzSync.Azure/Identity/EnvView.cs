namespace AzSync.Azure.Identity;

/// <summary>Read-only lookups over an injected environment: first non-empty of several names (flags win over
/// AZURE_* which win over AzCopy's aliases), CI detection and PATH search.</summary>
internal sealed class EnvView(IReadOnlyDictionary<string, string?> env)
{
    public string? Get(string name) =>
        env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public bool Has(string name) => Get(name) is not null;

    /// <summary>The first set variable among <paramref name="names"/>, with its name (for explanations).</summary>
    public (string? Value, string? Name) First(params string[] names)
    {
        foreach (var n in names)
            if (Get(n) is { } v) return (v, n);
        return (null, null);
    }

    public (string? Value, string? Name) FlagOr(string? flagValue, string flagName, params string[] names) =>
        !string.IsNullOrWhiteSpace(flagValue) ? (flagValue.Trim(), flagName) : First(names);

    private static readonly string[] CiVariables = ["CI", "GITHUB_ACTIONS", "TF_BUILD"];

    public bool IsCi => CiVariables.Any(n => Get(n) is { } v
        && !v.Equals("false", StringComparison.OrdinalIgnoreCase) && v != "0");

    /// <summary>Whether an executable is on the injected PATH (Azure.Identity then runs it by name).</summary>
    public string? FindOnPath(string program)
    {
        var path = Get("PATH");
        if (path is null) return null;
        var names =
            OperatingSystem.IsWindows() ? new[] { program + ".cmd", program + ".exe", program } : new[] { program };
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var n in names)
            {
                var candidate = Path.Combine(dir, n);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}

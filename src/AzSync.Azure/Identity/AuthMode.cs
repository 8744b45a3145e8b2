namespace AzSync.Azure.Identity;

/// <summary>Which credential source to use; <see cref="Auto"/>
/// tries the sources in a fixed, documented order.</summary>
internal enum AuthMode
{
    Auto, Sas, Key, Workload, GitHubOidc, AzurePipelines, Spn, Msi, AzCli, Pwsh, Device, Login,
    Anonymous
}

internal static class AuthModes
{
    public static IReadOnlyList<string> Names { get; } =
        ["auto", "sas", "key", "workload", "github-oidc", "azure-pipelines", "spn", "msi", "azcli", "pwsh", "device",
            "login", "anonymous"];

    /// <summary>Parses a mode name case-insensitively; <paramref
    /// name="origin"/> names where it came from for the error.</summary>
    public static AuthMode Parse(string value, string origin)
    {
        if (TryParse(value, out var mode)) return mode;
        throw new CredentialConfigurationException(
            $"{origin} has unknown authentication mode '{value}'. Valid values: {string.Join(", ", Names)}.");
    }

    public static bool TryParse(string? value, out AuthMode mode)
    {
        mode = AuthMode.Auto;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var key = value.Trim().Replace("-", "").Replace("_", "").ToLowerInvariant();
        foreach (var m in Enum.GetValues<AuthMode>())
        {
            if (string.Equals(m.ToString(), key, StringComparison.OrdinalIgnoreCase)) { mode = m; return true; }
        }
        return false;
    }

    public static string Name(AuthMode mode) => Names[(int)mode];

    /// <summary>AzCopy's AZCOPY_AUTO_LOGIN_TYPE values, so pipelines written for azcopy keep working.</summary>
    public static IReadOnlyDictionary<string, AuthMode> AzCopyLoginTypes { get; } =
        new Dictionary<string, AuthMode>(StringComparer.OrdinalIgnoreCase)
        {
            ["DEVICE"] = AuthMode.Device,
            ["SPN"] = AuthMode.Spn,
            ["MSI"] = AuthMode.Msi,
            ["AZCLI"] = AuthMode.AzCli,
            ["PSCRED"] = AuthMode.Pwsh,
            ["WORKLOAD"] = AuthMode.Workload,
        };
}

/// <summary>The user asked for something that cannot work (bad
/// mode name, missing variables). The CLI exits 3.</summary>
internal class CredentialConfigurationException(string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = 3;
}

/// <summary>No credential source is usable; the message says what to set.</summary>
internal sealed class NoCredentialException(string message, IReadOnlyList<SkippedSource> skipped)
    : CredentialConfigurationException(message)
{
    public IReadOnlyList<SkippedSource> Skipped { get; } = skipped;
}

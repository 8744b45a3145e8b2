namespace AzSync.Core.Manifest;

/// <summary>A validated manifest (or the equivalent built from command-line flags).</summary>
/// <param name="FilePath">The manifest file, or null when the job came from flags alone.</param>
public sealed record SyncManifest(
    string? FilePath,
    string? Destination,
    IReadOnlyList<Mapping> Mappings,
    bool? Delete,
    DeleteLimit? MaxDelete);

/// <param name="Source">Absolute folder the mapping reads from.</param>
/// <param name="Target">
/// Prefix under the destination, '/'-separated, no leading or trailing '/' ("" for the root).
/// </param>
/// <param name="Line">Where the mapping starts in the manifest (1-based), for messages; 0 when from flags.</param>
public sealed record Mapping(
    string Source,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    string Target,
    HeaderRules Headers,
    int Line = 0)
{
    public static readonly IReadOnlyList<string> DefaultInclude = ["**/*"];
}

/// <param name="ContentTypes">Overrides by extension, keys with the leading dot and lower-cased (".wasm").</param>
public sealed record HeaderRules(
    string? CacheControl = null,
    IReadOnlyDictionary<string, string>? ContentTypes = null,
    string? ContentEncoding = null,
    string? ContentDisposition = null)
{
    public static HeaderRules None { get; } = new();
}

/// <summary>The most a plan may delete: an absolute count or a percentage of the files under the targets.</summary>
public readonly record struct DeleteLimit(int? Count, double? Percent)
{
    public static bool TryParse(string text, out DeleteLimit limit)
    {
        text = text.Trim();
        limit = default;
        if (text.EndsWith('%'))
        {
            if (double.TryParse(text[..^1], System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out var p) && p >= 0 && p <= 100)
            {
                limit = new DeleteLimit(null, p);
                return true;
            }
            return false;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            limit = new DeleteLimit(n, null);
            return true;
        }
        return false;
    }

    public bool Allows(int deletes, int filesUnderTargets) =>
        Count is { } c ? deletes <= c : deletes <= (Percent ?? 50) / 100.0 * filesUnderTargets;

    public override string ToString() => Count is { } c ? c.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{(Percent ?? 50).ToString(System.Globalization.CultureInfo.InvariantCulture)}%";
}

public enum DiagnosticSeverity { Warning, Error }

/// <summary>A problem found in a manifest, located so an editor can jump to it.</summary>
/// <param name="Line">0 for a problem with the file as a whole (missing, unreadable), which has no position.</param>
public sealed record ManifestDiagnostic(string File, int Line, int Column, DiagnosticSeverity Severity, string Message)
{
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        // "file:0:0:" would send an editor to a position that does not exist; name the file as a compiler does.
        return Line == 0 ? $"{severity}: {File}: {Message}" : $"{File}:{Line}:{Column}: {severity}: {Message}";
    }
}

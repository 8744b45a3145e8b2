namespace AzSync.Core.Manifest;

/// <summary>
/// What loading a manifest produced: the manifest when there was no error, and every error and warning found
/// (validation never stops at the first problem).
/// </summary>
public sealed record ManifestLoadResult(SyncManifest? Manifest, IReadOnlyList<ManifestDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>One diagnostic per line, in file order, as a terminal or editor problem matcher expects.</summary>
    public string FormatDiagnostics() => string.Join(Environment.NewLine, Diagnostics);
}

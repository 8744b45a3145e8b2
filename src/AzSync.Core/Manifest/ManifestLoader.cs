namespace AzSync.Core.Manifest;
// TEMPORARY placeholder so the CLI builds before the manifest branch lands; replaced by the real loader.
public sealed record ManifestLoadResult(SyncManifest? Manifest, IReadOnlyList<ManifestDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
public static class ManifestLoader
{
    public static ManifestLoadResult Load(string path) => new(null, [new ManifestDiagnostic(path, 0, 0, DiagnosticSeverity.Error, "manifest support is not built yet")]);
}
public static class ManifestSchema { public const string Json = "{}"; }

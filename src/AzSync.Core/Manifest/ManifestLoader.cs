using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AzSync.Core.Manifest;

public sealed record ManifestLoadResult(SyncManifest? Manifest, IReadOnlyList<ManifestDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Stage 1: reads <c>azsync.yaml</c> into a <see cref="SyncManifest"/>. Everything is checked before any source
/// file is touched, and every problem is collected (not just the first) with its line and column.
/// </summary>
public static class ManifestLoader
{
    public static ManifestLoadResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "the manifest file does not exist" : $"cannot read the manifest: {e.Message}";
            return new ManifestLoadResult(null, [new ManifestDiagnostic(path, 0, 0, DiagnosticSeverity.Error, reason)]);
        }
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static ManifestLoadResult Parse(string yaml, string displayPath, string baseDirectory)
    {
        var diagnostics = new ManifestDiagnostics(displayPath);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var message = SyntaxMessage(e);
            diagnostics.Error(e.Start, message.StartsWith("Duplicate key ", StringComparison.Ordinal)
                ? $"'{message["Duplicate key ".Length..]}' is given twice"
                : "invalid YAML: " + message);
            return new ManifestLoadResult(null, diagnostics.All);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            diagnostics.Error(stream.Documents.Count == 0 ? default : stream.Documents[0].RootNode.Start,
                "the manifest must be a mapping with 'version: 1' and 'mappings:'");
            return new ManifestLoadResult(null, diagnostics.All);
        }
        var manifest = new ManifestReader(diagnostics, baseDirectory, displayPath).Read(root);
        return new ManifestLoadResult(diagnostics.HasErrors ? null : manifest, diagnostics.All);
    }

    // YamlDotNet prefixes its messages with the position, which our diagnostic already shows.
    private static string SyntaxMessage(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return (message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message).TrimEnd('.');
    }
}

internal sealed class ManifestDiagnostics(string file)
{
    private readonly List<ManifestDiagnostic> _all = [];
    public IReadOnlyList<ManifestDiagnostic> All => _all.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
    public bool HasErrors => _all.Any(d => d.Severity == DiagnosticSeverity.Error);

    public void Error(Mark at, string message) => Add(at, DiagnosticSeverity.Error, message);
    public void Warning(Mark at, string message) => Add(at, DiagnosticSeverity.Warning, message);

    private void Add(Mark at, DiagnosticSeverity severity, string message) =>
        _all.Add(new ManifestDiagnostic(file, (int)at.Line, (int)at.Column, severity, message));
}

using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace AzSync.Core.Manifest;

/// <summary>
/// Reads and validates an <c>azsync.yaml</c> manifest. Validation touches no source folder (the selection stage
/// checks those), reports every problem it can find with file, line and column, and never throws for bad input.
/// </summary>
public static partial class ManifestLoader
{
    public const string DefaultFileName = "azsync.yaml";

    /// <param name="destinationCheck">What a run would say against a destination URL (e.g. an invalid container name),
    /// null when it is fine; Core knows no store, so `manifest validate` hands in the one the CLI uses.</param>
    public static ManifestLoadResult Load(string path, Func<string, string?>? destinationCheck = null)
    {
        if (Directory.Exists(path)) return FileProblem(path, "is a directory, not a manifest file");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException)
        {
            return FileProblem(path, e switch
            {
                FileNotFoundException or DirectoryNotFoundException =>
                    $"not found (looked for '{SafeFullPath(path)}'); check the path",
                UnauthorizedAccessException => "cannot be read: permission denied",
                _ => $"cannot be read: {e.Message}",
            });
        }
        var fullPath = Path.GetFullPath(path);
        var result = Parse(text, path, Path.GetDirectoryName(fullPath)!, destinationCheck);
        return result.Manifest is null
            ? result
            : result with { Manifest = result.Manifest with { FilePath = fullPath } };
    }

    private static ManifestLoadResult FileProblem(string path, string reason) =>
        new(null, [new ManifestDiagnostic(path, 0, 0, DiagnosticSeverity.Error, reason)]);

    private static string SafeFullPath(string path)
    {
        try { return Path.GetFullPath(path); }
        catch (ArgumentException) { return path; }
    }

    /// <summary>
    /// Validates manifest text; the result's <see cref="SyncManifest.FilePath"/> is <paramref name="displayPath"/>.
    /// </summary>
    /// <param name="displayPath">How messages name the file (as the user typed it, or a bare name in tests).</param>
    /// <param name="baseDirectory">The folder relative sources and local destinations are resolved against.</param>
    public static ManifestLoadResult Parse(string yamlText, string displayPath, string baseDirectory,
        Func<string, string?>? destinationCheck = null)
    {
        var reader = new RootReader(displayPath, Path.GetFullPath(baseDirectory), destinationCheck);
        List<YNode> documents;
        try
        {
            documents = YamlTree.Read(yamlText);
        }
        catch (YamlException e)
        {
            var (line, column, message) = SyntaxError(e, yamlText);
            reader.Error(line, column, message);
            return new(null, reader.Diagnostics);
        }

        var manifest = reader.Read(documents, displayPath);
        return new(reader.HasErrors ? null : manifest, reader.Diagnostics);
    }

    private static (int Line, int Column, string Message) SyntaxError(YamlException e, string text)
    {
        // YamlDotNet prefixes the message with both marks; the diagnostic already carries the position.
        var message = MarkPrefix().Replace(e.Message, "").Trim().TrimEnd('.');
        if (message.Length > 0) message = char.ToLowerInvariant(message[0]) + message[1..];
        var line = (int)Math.Max(1, e.Start.Line);
        var column = (int)Math.Max(1, e.Start.Column);

        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            // YamlDotNet marks the start of the enclosing mapping; point at the tab itself, which is what to fix.
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                var tab = lines[i].IndexOf('\t', 0, indent);
                if (tab < 0) continue;
                return (i + 1, tab + 1, "YAML syntax error: a tab is used for indentation; indent with spaces only");
            }
        }
        return (line, column, $"YAML syntax error: {message}; " +
            "check the indentation and that each 'key: value' has a space after ':'");
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}

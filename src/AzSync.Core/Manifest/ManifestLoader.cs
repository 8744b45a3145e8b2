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

    public static ManifestLoadResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException =>
                    $"manifest not found; create '{DefaultFileName}' there or pass the right path",
                UnauthorizedAccessException => "manifest cannot be read: permission denied",
                _ => $"manifest cannot be read: {e.Message}",
            };
            return new(null, [new ManifestDiagnostic(path, 0, 0, DiagnosticSeverity.Error, reason)]);
        }
        var fullPath = Path.GetFullPath(path);
        var result = Parse(text, path, Path.GetDirectoryName(fullPath)!);
        return result.Manifest is null ? result : result with { Manifest = result.Manifest with { FilePath = fullPath } };
    }

    /// <param name="displayPath">How messages name the file (as the user typed it, or a bare name in tests).</param>
    /// <param name="baseDirectory">The folder relative sources and local destinations are resolved against.</param>
    public static ManifestLoadResult Parse(string yamlText, string displayPath, string baseDirectory)
    {
        var reader = new RootReader(displayPath, Path.GetFullPath(baseDirectory));
        List<YNode> documents;
        try
        {
            documents = YamlTree.Read(yamlText);
        }
        catch (YamlException e)
        {
            reader.Error((int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column), SyntaxMessage(e, yamlText));
            return new(null, reader.Diagnostics);
        }

        var manifest = reader.Read(documents, displayPath);
        return new(reader.HasErrors ? null : manifest, reader.Diagnostics);
    }

    private static string SyntaxMessage(YamlException e, string text)
    {
        // YamlDotNet prefixes the message with both marks; the diagnostic already carries the position.
        var message = MarkPrefix().Replace(e.Message, "").Trim().TrimEnd('.');
        if (message.Length > 0) message = char.ToLowerInvariant(message[0]) + message[1..];
        var hint = text.Contains('\t') && LineHasTab(text, e.Start.Line)
            ? "; YAML indentation must use spaces, not tabs"
            : "; check the indentation and that every 'key: value' pair has a space after ':'";
        return $"YAML syntax error: {message}{hint}";
    }

    private static bool LineHasTab(string text, long line)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, (int)line - 2); i < Math.Min(lines.Length, (int)line); i++)
            if (lines[i].TrimEnd().Contains('\t')) return true;
        return false;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}

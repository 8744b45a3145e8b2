using System.Text;
using System.Text.RegularExpressions;

namespace AzSync.Core.Manifest;

/// <summary>
/// Validates the HTTP header values a mapping sets (cacheControl, contentType, contentEncoding, contentDisposition).
/// </summary>
internal sealed partial class RootReader
{
    /// <summary>
    /// Header values must be printable ASCII: the HTTP client refuses anything else only at upload time (after
    /// retries, as an unexpected error), and CR/LF would split the request into a misleading 403.
    /// </summary>
    private string? ReadHeader(string name, YNode value)
    {
        var text = ReadText(name, value);
        return text is not null && IsHeaderValue($"'{name}'", text, value) ? text : null;
    }

    private bool IsHeaderValue(string what, string text, YNode at)
    {
        var bad = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (bad < 0) return true;
        Rune.TryGetRuneAt(text, bad, out var rune);
        var found = Rune.IsControl(rune) ? $"U+{rune.Value:X4}" : $"'{rune}' (U+{rune.Value:X4})";
        var hint = Rune.IsControl(rune) || what != "'contentDisposition'" ? ""
            : $"; for a non-ASCII file name use RFC 5987, e.g. {Rfc5987(text)}";
        Error(at, $"{what} must be printable ASCII (no control characters); " +
            $"found {found} at character {bad + 1}{hint}");
        return false;
    }

    /// <summary>The disposition with its file name moved to an RFC 5987 <c>filename*</c> parameter.</summary>
    private static string Rfc5987(string disposition)
    {
        var match = FileNameParameter().Match(disposition);
        var name = match.Success ? match.Groups["name"].Value : "é.txt";
        var parameter = "filename*=UTF-8''" + Uri.EscapeDataString(name);
        return match.Success
            ? disposition[..match.Index] + parameter + disposition[(match.Index + match.Length)..]
            : "attachment; " + parameter;
    }

    [GeneratedRegex("""filename\s*=\s*(?:"(?<name>[^"]*)"|(?<name>[^;]*))""", RegexOptions.IgnoreCase)]
    private static partial Regex FileNameParameter();

    private Dictionary<string, string>? ReadContentTypes(YNode value)
    {
        if (value is not YMapping map)
        {
            Error(value, "'contentType' must map file extensions to media types, " +
                "e.g. { \".wasm\": \"application/wasm\" }, " +
                $"got {YamlTree.Describe(value)}");
            return null;
        }
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var firstKeys = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Entries)
        {
            if (keyNode is not YScalar { IsNull: false } key || key.Value.Trim().Trim('.').Length == 0
                || key.Value.Trim().TrimStart('.').IndexOfAny(['/', '\\', '*', '?', ' ']) >= 0)
            {
                Error(keyNode,
                    $"'contentType' key must be a file extension such as '.wasm', got {YamlTree.Describe(keyNode)}");
                continue;
            }
            var extension = "." + key.Value.Trim().TrimStart('.').ToLowerInvariant();
            if (firstKeys.TryGetValue(extension, out var first))
            {
                Error(key, $"'contentType' sets '{extension}' twice " +
                    $"(first at line {first.Line}, column {first.Column}); keep only one");
                continue;
            }
            firstKeys[extension] = key;
            var media = ReadText($"contentType' for '{extension}", valueNode)?.Trim();
            if (media is null || !IsHeaderValue($"'contentType' for '{extension}'", media, valueNode)) continue;
            var slash = media.IndexOf('/');
            if (slash <= 0 || slash == media.Length - 1 || media.Any(char.IsWhiteSpace) && !media.Contains(';'))
            {
                Error(valueNode, $"'contentType' for '{extension}' must be a media type such as 'application/wasm', " +
                    $"got '{YamlTree.Shorten(media)}'");
                continue;
            }
            types[extension] = media;
        }
        return types;
    }
}

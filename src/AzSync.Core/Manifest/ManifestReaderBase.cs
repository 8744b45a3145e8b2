using System.Globalization;

namespace AzSync.Core.Manifest;

/// <summary>Diagnostics collection and the typed reads shared by the top level and the mapping items.</summary>
internal class ManifestReaderBase(string displayPath)
{
    private readonly List<ManifestDiagnostic> _diagnostics = [];

    public IReadOnlyList<ManifestDiagnostic> Diagnostics => _diagnostics
        .OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();

    public bool HasErrors => _diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public void Error(int line, int column, string message) =>
        _diagnostics.Add(new(displayPath, line, column, DiagnosticSeverity.Error, message));

    public void Error(YNode at, string message) => Error(at.Line, at.Column, message);

    public void Warning(YNode at, string message) =>
        _diagnostics.Add(new(displayPath, at.Line, at.Column, DiagnosticSeverity.Warning, message));

    /// <summary>
    /// The entries of a mapping by key, reporting duplicates, non-text keys and unknown keys (with a suggestion,
    /// or a pointer to the right level when the key belongs elsewhere). Only known keys are returned.
    /// </summary>
    protected Dictionary<string, (YScalar Key, YNode Value)> ReadKeys(
        YMapping mapping, IReadOnlyList<string> known, IReadOnlyList<string> elsewhere, string unknownPrefix,
        Func<string, string> misplacedMessage)
    {
        var found = new Dictionary<string, (YScalar Key, YNode Value)>(StringComparer.Ordinal);
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (keyNode is not YScalar key || key.IsNull)
            {
                Error(keyNode, $"keys must be plain names, got {YamlTree.Describe(keyNode)}");
                continue;
            }
            if (seen.TryGetValue(key.Value, out var first))
            {
                Error(key, $"duplicate key '{key.Value}' (first set on line {first.Line}); keep only one");
                continue;
            }
            seen[key.Value] = key;
            if (known.Contains(key.Value))
            {
                found[key.Value] = (key, value);
            }
            else if (elsewhere.Contains(key.Value))
            {
                Error(key, misplacedMessage(key.Value));
            }
            else
            {
                var suggestion = KeySuggester.Suggest(key.Value, known);
                Error(key, suggestion is not null
                    ? $"{unknownPrefix} '{YamlTree.Shorten(key.Value)}'; did you mean '{suggestion}'?"
                    : $"{unknownPrefix} '{YamlTree.Shorten(key.Value)}'; accepted keys: {string.Join(", ", known)}");
            }
        }
        return found;
    }

    /// <summary>
    /// Whether an unknown key was already reported as a likely typo of <paramref name="required"/>, so the
    /// "missing key" error would only repeat it.
    /// </summary>
    protected static bool HasTypoOf(YMapping mapping, string required, IReadOnlyList<string> known) =>
        mapping.Entries.Any(e => e.Key is YScalar { IsNull: false } k && !known.Contains(k.Value)
                                 && KeySuggester.Suggest(k.Value, known) == required);

    /// <summary>A non-empty scalar's text, or null after reporting why the value is not text.</summary>
    protected string? ReadText(string name, YNode value)
    {
        switch (value)
        {
            case YScalar { IsNull: true }:
                Error(value, $"'{name}' has no value; give it one or remove the key");
                return null;
            case YScalar s when s.Value.Trim().Length == 0:
                Error(value, $"'{name}' must not be empty; give it a value or remove the key");
                return null;
            case YScalar s:
                return s.Value;
            default:
                Error(value, $"'{name}' must be text, got {YamlTree.Describe(value)}");
                return null;
        }
    }

    protected bool? ReadBool(string name, YNode value)
    {
        if (value is YScalar { Plain: true } s)
        {
            if (s.Value is "true" or "True" or "TRUE") return true;
            if (s.Value is "false" or "False" or "FALSE") return false;
        }
        var got = value is YScalar { Plain: false } quoted
            ? $"the quoted text '{YamlTree.Shorten(quoted.Value)}'"
            : YamlTree.Describe(value);
        Error(value, $"'{name}' must be true or false, got {got}");
        return null;
    }

    protected static int? ReadInteger(YNode value) =>
        value is YScalar { Plain: true } s && int.TryParse(s.Value, NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture, out var n) ? n : null;
}

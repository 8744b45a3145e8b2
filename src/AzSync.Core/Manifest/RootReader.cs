using System.Text.RegularExpressions;

namespace AzSync.Core.Manifest;

/// <summary>Validates the top level of a manifest; mapping items are read in the other half of this class.</summary>
internal sealed partial class RootReader(
    string displayPath, string baseDirectory, Func<string, string?>? destinationCheck = null)
    : ManifestReaderBase(displayPath)
{
    public const string AllowOutsideSourcesKey = "allowOutsideSources";

    internal static readonly string[] TopLevelKeys =
        ["version", "destination", "delete", "maxDelete", "mappings", AllowOutsideSourcesKey];

    public SyncManifest? Read(List<YNode> documents, string displayPath)
    {
        if (documents.Count == 0 || documents[0] is YScalar { IsNull: true })
        {
            Error(1, 1, "the manifest is empty; it needs at least 'version: 1' and a 'mappings:' list");
            return null;
        }
        for (var i = 1; i < documents.Count; i++)
            Error(documents[i], "only one YAML document is allowed per manifest; remove the extra '---' section");
        if (documents[0] is not YMapping root)
        {
            Error(documents[0], "the manifest must be a mapping of keys ('version: 1', 'mappings: ...'), " +
                                $"got {YamlTree.Describe(documents[0])}");
            return null;
        }

        var keys = ReadKeys(root, TopLevelKeys, MappingKeys, "unknown key",
            key => $"'{key}' belongs inside an item of 'mappings' (for example '- source: public'), " +
                "not at the top level");

        ReadVersion(root, keys);
        var allowOutside = keys.TryGetValue(AllowOutsideSourcesKey, out var ao)
            && ReadBool(AllowOutsideSourcesKey, ao.Value) == true;
        var destination = keys.TryGetValue("destination", out var d) ? ReadDestination(d.Value) : null;
        var delete = keys.TryGetValue("delete", out var del) ? ReadBool("delete", del.Value) : null;
        var maxDelete = keys.TryGetValue("maxDelete", out var md) ? ReadMaxDelete(md.Value) : null;
        var mappings = ReadMappings(root, keys, allowOutside);

        return new SyncManifest(displayPath, destination, mappings, delete, maxDelete);
    }

    private void ReadVersion(YMapping root, Dictionary<string, (YScalar Key, YNode Value)> keys)
    {
        if (!keys.TryGetValue("version", out var version))
        {
            if (!HasTypoOf(root, "version", TopLevelKeys))
                Error(root, "missing required key 'version'; add 'version: 1' as the first line");
            return;
        }
        var number = ReadInteger(version.Value);
        if (number is null)
            Error(version.Value, $"'version' must be the number 1, got {YamlTree.Describe(version.Value)}");
        else if (number != 1)
            Error(version.Value, $"unsupported 'version' {number}; this azsync understands only version 1");
    }

    private string? ReadDestination(YNode value)
    {
        var text = ReadText("destination", value)?.Trim();
        if (text is null) return null;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return Path.GetFullPath(Path.Combine(baseDirectory, text));

        // Only the part before any '?' is ever echoed: a query string may hold a SAS signature.
        var shown = YamlTree.Shorten(text.Split('?')[0]);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            Error(value, $"'destination' is not a valid URL: '{shown}'; " +
                "use https://<account>.blob.core.windows.net/<container>[/prefix] or a local folder");
            return null;
        }
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            Error(value, $"'destination' must be a local folder or an https URL (http for an emulator), got '{shown}'");
            return null;
        }
        // An emulator in another container ("http://azurite:10000/...") is a real set-up; the run itself refuses it
        // unless --allow-http is given, so the manifest only says so.
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            Warning(value, $"'destination' uses plain http to '{uri.Host}', which is not this machine: " +
                "runs need --allow-http, and data and credentials travel unencrypted");
        if (destinationCheck?.Invoke(text) is { } problem)
        {
            Error(value, problem);
            return null;
        }
        if (uri.Query.Contains("sig=", StringComparison.OrdinalIgnoreCase))
            Warning(value, "'destination' contains a SAS token; manifests are usually committed, " +
                "so pass the SAS from the environment or use a sign-in instead");
        return text;
    }

    private DeleteLimit? ReadMaxDelete(YNode value)
    {
        // Stricter than DeleteLimit.TryParse (no signs or exponents) so the loader and the JSON Schema agree.
        if (value is YScalar { IsNull: false } s && MaxDeleteShape().IsMatch(s.Value)
            && DeleteLimit.TryParse(s.Value, out var limit))
            return limit;
        Error(value, "'maxDelete' must be a whole number of files (e.g. 25) or a percentage from 0% to 100% " +
                     $"(e.g. 10%), got {YamlTree.Describe(value)}");
        return null;
    }

    private List<Mapping> ReadMappings(
        YMapping root, Dictionary<string, (YScalar Key, YNode Value)> keys, bool allowOutside)
    {
        var mappings = new List<Mapping>();
        if (!keys.TryGetValue("mappings", out var entry))
        {
            if (!HasTypoOf(root, "mappings", TopLevelKeys))
                Error(root, "missing required key 'mappings'; add a list such as 'mappings: [{ source: public }]'");
            return mappings;
        }
        if (entry.Value is YScalar { IsNull: true } || entry.Value is YSequence { Items.Count: 0 })
        {
            Error(entry.Value is YScalar ? entry.Key : entry.Value,
                "'mappings' is empty; add at least one item such as '- source: public'");
            return mappings;
        }
        if (entry.Value is not YSequence list)
        {
            Error(entry.Value, "'mappings' must be a list of items, each starting with '- source: <folder>', " +
                               $"got {YamlTree.Describe(entry.Value)}");
            return mappings;
        }

        var seen = new List<Mapping>();
        foreach (var item in list.Items)
        {
            var mapping = ReadMapping(item, allowOutside);
            if (mapping is null) continue;
            var twin = seen.FirstOrDefault(m => IsSameSelection(m, mapping));
            if (twin is not null)
                Error(item, $"this mapping repeats the one on line {twin.Line} (same source, target, include " +
                            "and exclude); remove one of them");
            seen.Add(mapping);
            mappings.Add(mapping);
        }
        return mappings;
    }

    private static bool IsSameSelection(Mapping a, Mapping b) =>
        string.Equals(a.Source, b.Source,
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
        && a.Target == b.Target
        && a.Include.Order(StringComparer.Ordinal).SequenceEqual(b.Include.Order(StringComparer.Ordinal))
        && a.Exclude.Order(StringComparer.Ordinal).SequenceEqual(b.Exclude.Order(StringComparer.Ordinal));

    [GeneratedRegex(@"^\s*(\d+|\d+(\.\d+)?%)\s*$")]
    private static partial Regex MaxDeleteShape();
}

using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace AzSync.Core.Manifest;

/// <summary>Turns the YAML tree into the model, reporting each problem at the node that has it.</summary>
internal sealed class ManifestReader(ManifestDiagnostics diagnostics, string baseDirectory, string displayPath)
{
    private static readonly string[] TopKeys = ["version", "destination", "delete", "maxDelete", "mappings"];
    private static readonly string[] MappingKeys =
        ["source", "target", "include", "exclude", "cacheControl", "contentType", "contentEncoding", "contentDisposition"];

    public SyncManifest? Read(YamlMappingNode root)
    {
        var keys = Keys(root, TopKeys, "top level");
        if (!keys.TryGetValue("version", out var version))
            diagnostics.Error(root.Start, "missing 'version: 1'");
        else if (Scalar(version, "version") is { } v && v != "1")
            diagnostics.Error(version.Start, $"unsupported version '{v}'; this azsync reads version 1");

        var destination = keys.TryGetValue("destination", out var d) ? NonEmpty(d, "destination") : null;
        var delete = keys.TryGetValue("delete", out var del) ? Bool(del, "delete") : null;
        DeleteLimit? maxDelete = null;
        if (keys.TryGetValue("maxDelete", out var md) && Scalar(md, "maxDelete") is { } mdText)
        {
            if (DeleteLimit.TryParse(mdText, out var limit)) maxDelete = limit;
            else diagnostics.Error(md.Start, $"'maxDelete' must be a count (e.g. 10) or a percentage (e.g. 25%), got '{mdText}'");
        }

        var mappings = new List<Mapping>();
        if (!keys.TryGetValue("mappings", out var list))
            diagnostics.Error(root.Start, "missing 'mappings:' (a list of source folders to sync)");
        else if (list is not YamlSequenceNode items)
            diagnostics.Error(list.Start, "'mappings' must be a list, e.g. '- source: public'");
        else if (items.Children.Count == 0)
            diagnostics.Error(list.Start, "'mappings' is empty; add at least one '- source: FOLDER'");
        else
            foreach (var item in items.Children)
                if (ReadMapping(item) is { } mapping) mappings.Add(mapping);

        ReportDuplicateMappings(mappings);
        return new SyncManifest(Path.GetFullPath(displayPath), destination, mappings, delete, maxDelete);
    }

    private Mapping? ReadMapping(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            diagnostics.Error(node.Start, "each mapping must be a mapping with at least 'source:'");
            return null;
        }
        var keys = Keys(map, MappingKeys, "a mapping");
        string? source = null;
        if (!keys.TryGetValue("source", out var s)) diagnostics.Error(map.Start, "this mapping has no 'source:' (a folder relative to the manifest)");
        else source = ResolveSource(s);

        var target = keys.TryGetValue("target", out var t) ? NormaliseTarget(t) : "";
        var include = keys.TryGetValue("include", out var inc) ? Globs(inc, "include") : Mapping.DefaultInclude;
        var exclude = keys.TryGetValue("exclude", out var exc) ? Globs(exc, "exclude") : [];
        var headers = new HeaderRules(
            keys.TryGetValue("cacheControl", out var cc) ? NonEmpty(cc, "cacheControl") : null,
            keys.TryGetValue("contentType", out var ct) ? ContentTypes(ct) : null,
            keys.TryGetValue("contentEncoding", out var ce) ? NonEmpty(ce, "contentEncoding") : null,
            keys.TryGetValue("contentDisposition", out var cd) ? NonEmpty(cd, "contentDisposition") : null);
        return source is null || target is null ? null
            : new Mapping(source, include, exclude, target, headers, (int)map.Start.Line);
    }

    private Dictionary<string, YamlNode> Keys(YamlMappingNode map, string[] known, string where)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                diagnostics.Error(keyNode.Start, "keys must be plain names");
                continue;
            }
            if (!known.Contains(key))
            {
                var suggestion = Suggest(key, known);
                diagnostics.Error(keyNode.Start, $"unknown key '{key}' in {where}" +
                    (suggestion is null ? $"; expected one of: {string.Join(", ", known)}" : $"; did you mean '{suggestion}'?"));
                continue;
            }
            if (!result.TryAdd(key, value)) diagnostics.Error(keyNode.Start, $"'{key}' is given twice");
        }
        return result;
    }

    private string? ResolveSource(YamlNode node)
    {
        if (NonEmpty(node, "source") is not { } text) return null;
        var full = Path.GetFullPath(Path.Combine(baseDirectory, text));
        var inside = full == baseDirectory || full.StartsWith(baseDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (!inside)
        {
            diagnostics.Error(node.Start, $"'source: {text}' leaves the manifest's folder; sources must be inside {baseDirectory}");
            return null;
        }
        return full;
    }

    private string? NormaliseTarget(YamlNode node)
    {
        if (node is YamlScalarNode { Value: null or "" }) return "";
        if (Scalar(node, "target") is not { } text) return null;
        var target = text.Replace('\\', '/').Trim('/');
        if (target.Split('/').Any(s => s is "." or ".." || s.Length == 0))
        {
            diagnostics.Error(node.Start, $"'target: {text}' must be a plain prefix such as 'site' or 'docs/v1' (no empty, '.' or '..' segments)");
            return null;
        }
        return target;
    }

    private IReadOnlyList<string> Globs(YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } single }) return [single];
        if (node is not YamlSequenceNode seq)
        {
            diagnostics.Error(node.Start, $"'{key}' must be a glob or a list of globs, e.g. [\"**/*.html\"]");
            return [];
        }
        var globs = new List<string>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } glob }) globs.Add(glob);
            else diagnostics.Error(item.Start, $"each '{key}' entry must be a non-empty glob string");
        }
        return globs;
    }

    private IReadOnlyDictionary<string, string>? ContentTypes(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            diagnostics.Error(node.Start, "'contentType' must map extensions to types, e.g. { \".wasm\": \"application/wasm\" }");
            return null;
        }
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { Length: > 0 } ext } || Scalar(v, "contentType") is not { Length: > 0 } type)
            {
                diagnostics.Error(k.Start, "each 'contentType' entry must be '.ext: type/subtype'");
                continue;
            }
            types[(ext.StartsWith('.') ? ext : "." + ext).ToLowerInvariant()] = type;
        }
        return types;
    }

    private void ReportDuplicateMappings(List<Mapping> mappings)
    {
        for (var i = 0; i < mappings.Count; i++)
            for (var j = 0; j < i; j++)
                if (mappings[i].Source == mappings[j].Source && mappings[i].Target == mappings[j].Target)
                    diagnostics.Error(new YamlDotNet.Core.Mark(0, mappings[i].Line, 1),
                        $"this mapping repeats the source and target of the mapping at line {mappings[j].Line}; merge their include/exclude lists");
    }

    private string? Scalar(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar) return scalar.Value ?? "";
        diagnostics.Error(node.Start, $"'{key}' must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");
        return null;
    }

    private string? NonEmpty(YamlNode node, string key)
    {
        var value = Scalar(node, key);
        if (value is { Length: 0 }) diagnostics.Error(node.Start, $"'{key}' is empty");
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private bool? Bool(YamlNode node, string key)
    {
        var text = Scalar(node, key);
        if (text is null) return null;
        if (bool.TryParse(text, out var b)) return b;
        diagnostics.Error(node.Start, $"'{key}' must be true or false, got '{text}'");
        return null;
    }

    private static string? Suggest(string key, string[] known) =>
        known.Select(k => (k, d: Distance(key.ToLower(CultureInfo.InvariantCulture), k.ToLower(CultureInfo.InvariantCulture))))
            .Where(x => x.d <= Math.Max(2, x.k.Length / 3)).OrderBy(x => x.d).Select(x => x.k).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}

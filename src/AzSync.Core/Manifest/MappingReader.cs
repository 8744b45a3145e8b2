using AzSync.Core.Selection;

namespace AzSync.Core.Manifest;

/// <summary>Validates one item of 'mappings'.</summary>
internal sealed partial class RootReader
{
    internal static readonly string[] MappingKeys =
    [
        "source", "target", "include", "exclude", "cacheControl", "contentType", "contentEncoding",
        "contentDisposition",
    ];

    private Mapping? ReadMapping(YNode item, bool allowOutside)
    {
        if (item is not YMapping map)
        {
            Error(item, "each item of 'mappings' must be a mapping with a 'source' key (e.g. '- source: public'), " +
                $"got {YamlTree.Describe(item)}");
            return null;
        }
        var keys = ReadKeys(map, MappingKeys, TopLevelKeys, "unknown mapping key",
            key => $"'{key}' is a top-level key; it cannot be set inside a mapping");

        string? source = null;
        if (!keys.TryGetValue("source", out var s))
        {
            if (!HasTypoOf(map, "source", MappingKeys))
                Error(map, "mapping is missing the required key 'source' (a folder relative to the manifest)");
        }
        else
            source = ReadSource(s.Value, allowOutside);

        var target = keys.TryGetValue("target", out var t) ? ReadTarget(t.Value) : "";
        var include =
            keys.TryGetValue("include", out var inc) ? ReadGlobs("include", inc.Value) : Mapping.DefaultInclude;
        var exclude = keys.TryGetValue("exclude", out var exc) ? ReadGlobs("exclude", exc.Value) : [];
        var headers = new HeaderRules(
            keys.TryGetValue("cacheControl", out var cc) ? ReadHeader("cacheControl", cc.Value) : null,
            keys.TryGetValue("contentType", out var ct) ? ReadContentTypes(ct.Value) : null,
            keys.TryGetValue("contentEncoding", out var ce) ? ReadHeader("contentEncoding", ce.Value) : null,
            keys.TryGetValue("contentDisposition", out var cd) ? ReadHeader("contentDisposition", cd.Value) : null);

        if (source is null || target is null || include is null || exclude is null) return null;
        return new Mapping(source, include, exclude, target, headers, map.Line);
    }

    private string? ReadSource(YNode value, bool allowOutside)
    {
        var text = ReadText("source", value);
        if (text is null) return null;
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(baseDirectory, text.Trim())));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            Error(value, $"'source' is not a valid folder path: '{YamlTree.Shorten(text)}'");
            return null;
        }
        if (!allowOutside && !IsInside(full, baseDirectory))
        {
            Error(value, $"'source' '{YamlTree.Shorten(text)}' is outside the manifest's folder; move the manifest " +
                         $"to a folder that contains it, or set '{AllowOutsideSourcesKey}: true' at the top level");
            return null;
        }
        return full;
    }

    private static bool IsInside(string path, string folder)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        folder = Path.TrimEndingDirectorySeparator(folder);
        return path.Equals(folder, comparison)
               || path.StartsWith(folder + Path.DirectorySeparatorChar, comparison)
               || (folder.Length > 0 && folder[^1] == Path.DirectorySeparatorChar
                   && path.StartsWith(folder, comparison));
    }

    private string? ReadTarget(YNode value)
    {
        if (value is YScalar { IsNull: false, Value: var raw } && raw.Trim().Length == 0) return "";
        var text = ReadText("target", value);
        if (text is null) return null;
        var segments = text.Trim().Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(x => x is "." or ".."))
        {
            Error(value, "'target' must be a prefix under the destination such as 'site/v2', " +
                $"without '.' or '..' segments, got '{YamlTree.Shorten(text)}'");
            return null;
        }
        if (text.Any(char.IsControl))
        {
            Error(value, "'target' must not contain control characters");
            return null;
        }
        return string.Join('/', segments);
    }

    private List<string>? ReadGlobs(string name, YNode value)
    {
        var nodes = value switch
        {
            YScalar { IsNull: false } => [value],
            YSequence seq => seq.Items,
            _ => null,
        };
        if (nodes is null)
        {
            Error(value,
                $"'{name}' must be a glob such as '**/*.html' or a list of globs, got {YamlTree.Describe(value)}");
            return null;
        }
        var globs = new List<string>();
        var ok = true;
        foreach (var node in nodes)
        {
            if (node is not YScalar { IsNull: false } s || s.Value.Trim().Length == 0)
            {
                Error(node, $"each '{name}' pattern must be a non-empty glob such as '**/*.css', " +
                    $"got {YamlTree.Describe(node)}");
                ok = false;
                continue;
            }
            var glob = s.Value.Trim();
            if (Globs.Problem(glob) is { } problem)
            {
                Error(node, $"'{name}' pattern '{YamlTree.Shorten(glob)}': {problem}");
                ok = false;
                continue;
            }
            globs.Add(glob);
        }
        if (ok && globs.Count == 0 && name == "include")
        {
            Error(value,
                "'include' is an empty list, so nothing would be synced; remove it to include everything ('**/*')");
            return null;
        }
        return ok ? globs : null;
    }
}

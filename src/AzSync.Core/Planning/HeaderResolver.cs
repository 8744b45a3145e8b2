using System.Collections.Concurrent;
using AzSync.Core.Manifest;
using AzSync.Core.Stores;

namespace AzSync.Core.Planning;

/// <summary>
/// The HTTP content headers a file gets: Content-Type from its extension unless the mapping overrides it.
/// </summary>
public static class HeaderResolver
{
    private static readonly Dictionary<string, string> KnownTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json",
        [".map"] = "application/json",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".xml"] = "application/xml",
        [".csv"] = "text/csv; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".avif"] = "image/avif",
        [".ico"] = "image/x-icon",
        [".woff"] = "font/woff",
        [".woff2"] = "font/woff2",
        [".ttf"] = "font/ttf",
        [".otf"] = "font/otf",
        [".wasm"] = "application/wasm",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".tar"] = "application/x-tar",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".mp3"] = "audio/mpeg",
        [".yaml"] = "application/yaml",
        [".yml"] = "application/yaml",
        [".webmanifest"] = "application/manifest+json",
    };

    public const string DefaultType = "application/octet-stream";

    // A tree's files share a handful of header sets: one instance of each, rather than one per file and entry.
    private static readonly ConcurrentDictionary<ContentHeaders, ContentHeaders> Distinct = new();

    /// <summary>The one instance of headers equal to <paramref name="headers"/>; a listing keeps that one.</summary>
    public static ContentHeaders Shared(ContentHeaders headers) => Distinct.GetOrAdd(headers, headers);

    public static ContentHeaders Resolve(string path, HeaderRules rules)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        string? type = null;
        if (rules.ContentTypes is not null && extension.Length > 0) rules.ContentTypes.TryGetValue(extension, out type);
        type ??= KnownTypes.GetValueOrDefault(extension, DefaultType);
        return Shared(new ContentHeaders(type, rules.CacheControl, rules.ContentEncoding, rules.ContentDisposition));
    }

    /// <summary>
    /// Why <paramref name="existing"/> must be rewritten for its headers, or null. Only headers the manifest sets are
    /// compared: a Content-Type another tool guessed differently is not worth a rewrite, a changed cacheControl is.
    /// </summary>
    public static string? Outdated(string path, HeaderRules rules, ContentHeaders wanted, ContentHeaders? existing)
    {
        if (existing is null) return null;
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var typeSet =
            rules.ContentTypes is not null && extension.Length > 0 && rules.ContentTypes.ContainsKey(extension);
        var checks = new (string Name, bool Set, string? Wanted, string? Has)[]
        {
            ("Content-Type", typeSet, wanted.ContentType, existing.ContentType),
            ("Cache-Control", rules.CacheControl is not null, wanted.CacheControl, existing.CacheControl),
            ("Content-Encoding", rules.ContentEncoding is not null, wanted.ContentEncoding, existing.ContentEncoding),
            ("Content-Disposition", rules.ContentDisposition is not null, wanted.ContentDisposition,
                existing.ContentDisposition),
        };
        var differs = checks.FirstOrDefault(c => c.Set && !string.Equals(c.Wanted, c.Has, StringComparison.Ordinal));
        return differs.Name is null ? null
            : $"{differs.Name} differs ('{differs.Has}' → '{differs.Wanted}'); rewritten with the manifest's headers";
    }
}

namespace AzSync.FilesEmulator;

/// <summary>
/// A source named in a header (x-ms-copy-source, x-ms-file-rename-source): a URL of this account, or a path, with its
/// own query, which carries the source's SAS.
/// </summary>
internal sealed record SourceUrl(string Account, string Share, List<string> Segments, Dictionary<string, string> Query)
{
    public static SourceUrl Parse(Req req, string header)
    {
        var value = req.HeaderOrNull(header) ?? throw FileError.MissingHeader(header);
        var isUrl = Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && uri.Scheme.StartsWith("http", StringComparison.Ordinal);
        var (path, rawQuery) = isUrl ? (uri!.AbsolutePath, uri.Query)
            : (value.Split('?')[0], value.Contains('?') ? value[value.IndexOf('?')..] : "");
        var parts = Uri.UnescapeDataString(path).TrimStart('/').Split('/', 3);
        if (parts.Length < 3) throw FileError.InvalidHeader(header, "The source must name a share and a path in it.");
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            query[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] =
                eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return new SourceUrl(parts[0], parts[1], Names.SplitPath(parts[2], req.Flag("x-ms-source-allow-trailing-dot")),
            query);
    }
}

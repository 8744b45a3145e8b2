using Microsoft.AspNetCore.Http.Features;

namespace AzSync.FilesEmulator;

/// <summary>What the handlers need from one request: path parts, query, version.</summary>
internal sealed class Req
{
    public required HttpContext Http { get; init; }
    public required string Account { get; init; }
    public string? Share { get; init; }
    public required List<string> Segments { get; init; }
    /// <summary>The path exactly as sent (still percent-encoded): Shared Key signs it this way.</summary>
    public required string RawPath { get; init; }
    public required List<KeyValuePair<string, string>> QueryPairs { get; init; }
    public required Dictionary<string, string> Query { get; init; }
    public required string Version { get; init; }

    public string Header(string name) => Http.Request.Headers[name].ToString();
    public string? HeaderOrNull(string name) => Http.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
    public bool Flag(string name) => string.Equals(Header(name), "true", StringComparison.OrdinalIgnoreCase);

    public static Req Parse(HttpContext ctx)
    {
        var raw = ctx.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var q = raw.IndexOf('?');
        var rawPath = q < 0 ? raw : raw[..q];
        var pairs = new List<KeyValuePair<string, string>>();
        if (q >= 0)
        {
            foreach (var part in raw[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                var k = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
                var v = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
                pairs.Add(new(k, v));
            }
        }
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in pairs) query[k] = v;

        var version = Versions.Check(ctx.Request.Headers["x-ms-version"].ToString());

        var decoded = Uri.UnescapeDataString(rawPath).TrimStart('/');
        var parts = decoded.Split('/', 3);
        var account = parts[0];
        var share = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        var allowDot = string.Equals(ctx.Request.Headers["x-ms-allow-trailing-dot"].ToString(), "true",
            StringComparison.OrdinalIgnoreCase);
        var segments = parts.Length > 2 ? Names.SplitPath(parts[2], allowDot) : [];
        return new Req
        {
            Http = ctx,
            Account = account,
            Share = share,
            Segments = segments,
            RawPath = rawPath,
            QueryPairs = pairs,
            Query = query,
            Version = version,
        };
    }
}

/// <summary>Operation name (for counters) and what authorization it needs.</summary>
internal sealed record OperationInfo(string Name, char Permission, bool ShareLevel, bool IsDirectory,
    Func<Req, Task> Run);

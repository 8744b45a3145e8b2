using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace AzSync.Testing;

public enum FaultKind
{
    None,
    /// <summary>The connection drops before the request is forwarded: nothing happened at the service.</summary>
    ResetBefore,
    /// <summary>The request lands at the service and its answer is lost: the client cannot tell it succeeded.</summary>
    ResetAfter,
    /// <summary>Status and headers arrive, the body stops half-way.</summary>
    Truncate,
    /// <summary>503 ServerBusy without forwarding, as a throttled account answers.</summary>
    Busy,
    /// <summary>A listing page with its entries removed (its NextMarker kept).</summary>
    EmptyPage,
    /// <summary>A listing page whose NextMarker is dropped, so it claims to be the last.</summary>
    DropMarker,
}

/// <summary>
/// Which requests <see cref="FaultProxy"/> breaks, and how. A request's fate is drawn from the seed, the request line
/// and how often that request line was seen before, not from arrival order, so parallel uploads meet the same faults
/// in every run with the same seed.
/// </summary>
public sealed class RandomFaults(int seed, double rate, params FaultKind[] kinds)
{
    private static readonly FaultKind[] Network = [FaultKind.ResetBefore, FaultKind.ResetAfter, FaultKind.Truncate,
        FaultKind.Busy];
    private readonly FaultKind[] _kinds = kinds.Length > 0 ? kinds : Network;
    private readonly ConcurrentDictionary<string, int> _seen = new();
    private readonly ConcurrentDictionary<FaultKind, int> _injected = new();

    /// <summary>Off switch for a fault-free re-run through the same proxy.</summary>
    public bool Enabled { get; set; } = true;

    public IReadOnlyDictionary<FaultKind, int> Injected => _injected;

    public int Total => _injected.Values.Sum();

    public FaultKind Choose(HttpRequest request)
    {
        if (!Enabled) return FaultKind.None;
        var line = $"{request.Method} {request.Path}{request.QueryString}";
        var n = _seen.AddOrUpdate(line, 0, (_, c) => c + 1);
        var draw = Draw($"{seed}|{line}|{n}");
        if (draw >= rate) return FaultKind.None;
        var listing = IsListing(request);
        var fitting = _kinds.Where(k => listing || k is not (FaultKind.EmptyPage or FaultKind.DropMarker)).ToArray();
        if (fitting.Length == 0) return FaultKind.None;
        return fitting[(int)(Draw($"{seed}|kind|{line}|{n}") * fitting.Length)];
    }

    /// <summary>Blob List Blobs and Files List Directories and Files both say comp=list.</summary>
    public static bool IsListing(HttpRequest request) =>
        request.Method == "GET" && request.Query["comp"] == "list";

    /// <summary>Answers in place of the service (503), or drops the connection; false when the request goes
    /// on.</summary>
    public async Task<bool> BeforeAsync(HttpContext ctx, FaultKind kind)
    {
        switch (kind)
        {
            case FaultKind.ResetBefore:
                Count(kind);
                ctx.Abort();
                return true;
            case FaultKind.Busy:
                Count(kind);
                ctx.Response.StatusCode = 503;
                ctx.Response.Headers["x-ms-error-code"] = "ServerBusy";
                ctx.Response.ContentType = "application/xml";
                await ctx.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"utf-8\"?>" +
                                              "<Error><Code>ServerBusy</Code>" +
                                              "<Message>Injected by the fault proxy.</Message></Error>");
                return true;
            default:
                return false;
        }
    }

    /// <summary>Loses, cuts or rewrites the service's answer; false when it is to be passed on unchanged.</summary>
    public async Task<bool> AfterAsync(HttpContext ctx, HttpResponseMessage answer, FaultKind kind)
    {
        if (kind is FaultKind.None or FaultKind.ResetBefore or FaultKind.Busy) return false;
        var body = await answer.Content.ReadAsByteArrayAsync(ctx.RequestAborted);
        if (kind is FaultKind.EmptyPage or FaultKind.DropMarker && answer.IsSuccessStatusCode)
        {
            var lie = Lie(body, kind);
            if (lie is null) return await Pass(ctx, answer, body);
            Count(kind);
            await Send(ctx, answer, lie, lie.Length);
            return true;
        }
        if (kind == FaultKind.Truncate && body.Length > 1)
        {
            Count(kind);
            await Send(ctx, answer, body[..(body.Length / 2)], body.Length);
            ctx.Abort();
            return true;
        }
        // A lost answer; also what a lie or a cut becomes where there is nothing to lie about or cut.
        Count(FaultKind.ResetAfter);
        ctx.Abort();
        return true;
    }

    private static async Task<bool> Pass(HttpContext ctx, HttpResponseMessage answer, byte[] body)
    {
        await Send(ctx, answer, body, body.Length);
        return true;
    }

    /// <summary>The page without its entries or without its NextMarker; null when the page has none to take
    /// away.</summary>
    private static byte[]? Lie(byte[] body, FaultKind kind)
    {
        var doc = XDocument.Parse(Encoding.UTF8.GetString(body));
        var root = doc.Root!;
        if (kind == FaultKind.DropMarker)
        {
            var marker = root.Element("NextMarker");
            if (marker is null || marker.Value.Length == 0) return null;
            marker.Value = "";
        }
        else
        {
            var entries = root.Element("Blobs") ?? root.Element("Entries");
            if (entries is null || !entries.HasElements) return null;
            entries.RemoveNodes();
        }
        return Encoding.UTF8.GetBytes(doc.Declaration + doc.ToString(SaveOptions.DisableFormatting));
    }

    private static async Task Send(HttpContext ctx, HttpResponseMessage answer, byte[] body, long declaredLength)
    {
        ctx.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            if (name is not ("Transfer-Encoding" or "Content-Length" or "Content-MD5"))
                ctx.Response.Headers[name] = values.ToArray();
        ctx.Response.ContentLength = declaredLength;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
    }

    private void Count(FaultKind kind) => _injected.AddOrUpdate(kind, 1, (_, c) => c + 1);

    private static double Draw(string text) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) / (double)ulong.MaxValue * 0.9999999;

    public override string ToString() =>
        string.Join(", ", _injected.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"));
}

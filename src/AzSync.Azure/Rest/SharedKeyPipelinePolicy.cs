using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AzSync.Azure.Rest;

/// <summary>
/// Signs each request with the account key (Shared Key authorization, the same for Blob and Files). Runs per
/// retry so every attempt gets a fresh x-ms-date.
/// </summary>
internal sealed class SharedKeyPipelinePolicy(string accountName, string accountKey) : HttpPipelineSynchronousPolicy
{
    private readonly byte[] _key = Convert.FromBase64String(accountKey);

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        var signature = Sign(StringToSign(request, accountName));
        request.Headers.SetValue("Authorization", $"SharedKey {accountName}:{signature}");
    }

    internal string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    internal static string StringToSign(Request request, string account)
    {
        string H(string name) => request.Headers.TryGetValue(name, out var v) ? v : "";
        var length = request.Content is not null && request.Content.TryComputeLength(out var l) && l > 0 ? l.ToString(CultureInfo.InvariantCulture) : "";
        if (length.Length == 0 && H("Content-Length") is { Length: > 0 } declared && declared != "0") length = declared;
        var s = new StringBuilder();
        s.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        foreach (var name in new[] { "Content-Encoding", "Content-Language" }) s.Append(H(name)).Append('\n');
        s.Append(length).Append('\n');
        s.Append(H("Content-MD5")).Append('\n');
        s.Append(H("Content-Type")).Append('\n');
        s.Append('\n'); // Date: empty because x-ms-date is sent
        foreach (var name in new[] { "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range" })
            s.Append(H(name)).Append('\n');
        foreach (var header in request.Headers
                     .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
            s.Append(header.Name).Append(':').Append(header.Value.Trim()).Append('\n');
        s.Append(CanonicalizedResource(request.Uri.ToUri(), account));
        return s.ToString();
    }

    private static string CanonicalizedResource(Uri uri, string account)
    {
        var s = new StringBuilder("/").Append(account).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0) return s.ToString();
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .GroupBy(p => WebUtility.UrlDecode(p[0]).ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in parameters)
        {
            var values = group.Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "").Order(StringComparer.Ordinal);
            s.Append('\n').Append(group.Key).Append(':').Append(string.Join(',', values));
        }
        return s.ToString();
    }
}

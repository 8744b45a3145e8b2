using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using AzSync.Testing;
using Azure.Storage;
using Azure.Storage.Sas;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>Raw REST calls to the emulator, signed with Shared Key by
/// this independent signer (or sent with a bearer token).</summary>
internal sealed class EmulatorClient(Uri baseUri, string account, string key)
{
    private static readonly HttpClient Http = new();
    public string Version { get; set; } = "2025-05-05";
    public string? Bearer { get; set; }
    /// <summary>When set, requests carry this SAS query instead of an Authorization header.</summary>
    public string? Sas { get; set; }
    /// <summary>Requests carry no credentials at all.</summary>
    public bool Anonymous { get; set; }
    public bool CorruptSignature { get; set; }

    public async Task<HttpResponseMessage> Send(HttpMethod method, string pathAndQuery,
        Dictionary<string, string>? headers = null, byte[]? body = null)
    {
        if (Sas is not null) pathAndQuery += (pathAndQuery.Contains('?') ? "&" : "?") + Sas;
        var req = new HttpRequestMessage(method, new Uri(baseUri + pathAndQuery));
        req.Headers.TryAddWithoutValidation("x-ms-date", DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        req.Headers.TryAddWithoutValidation("x-ms-version", Version);
        req.Content = new ByteArrayContent(body ?? []);
        foreach (var (k, v) in headers ?? [])
        {
            if (k.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase))
                req.Content.Headers.TryAddWithoutValidation(k, v);
            else req.Headers.TryAddWithoutValidation(k, v);
        }
        if (Bearer is not null) req.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Bearer);
        else if (Sas is null && !Anonymous)
            req.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {account}:{Sign(req, body?.Length ?? 0)}");
        return await Http.SendAsync(req);
    }

    private string Sign(HttpRequestMessage req, int length)
    {
        string H(string n) => req.Headers.TryGetValues(n, out var v) ? string.Join(",", v)
            : req.Content!.Headers.TryGetValues(n, out var c) ? string.Join(",", c) : "";
        var contentLength = length == 0 ? "" : length.ToString(CultureInfo.InvariantCulture);
        var lines = new[] { req.Method.Method, "", "", contentLength, H("Content-MD5"), "", "",
            H("If-Modified-Since"), H("If-Match"), H("If-None-Match"), H("If-Unmodified-Since"), H("Range") };
        var sb = new StringBuilder(string.Join("\n", lines)).Append('\n');
        foreach (var (n, v) in req.Headers.Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (h.Key.ToLowerInvariant(), string.Join(",", h.Value)))
                         .OrderBy(h => h.Item1, StringComparer.Ordinal))
            sb.Append(n).Append(':').Append(v).Append('\n');
        sb.Append('/').Append(account).Append(req.RequestUri!.AbsolutePath);
        var query = req.RequestUri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p =>
                (Uri.UnescapeDataString(p[0]).ToLowerInvariant(), p.Length > 1 ? Uri.UnescapeDataString(p[1]) : ""))
            .OrderBy(p => p.Item1, StringComparer.Ordinal);
        foreach (var (n, v) in query) sb.Append('\n').Append(n).Append(':').Append(v);
        var keyBytes = Convert.FromBase64String(key);
        if (CorruptSignature) keyBytes[0] ^= 1;
        return Convert.ToBase64String(HMACSHA256.HashData(keyBytes, Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>A service-shaped error: the status, the code in the
    /// header and (but for HEAD) in the XML body, a request id.</summary>
    public static async Task AssertError(HttpResponseMessage r, HttpStatusCode status, string code)
    {
        Assert.Equal(status, r.StatusCode);
        Assert.Equal(code, r.Headers.GetValues("x-ms-error-code").Single());
        if (r.RequestMessage!.Method != HttpMethod.Head) Assert.Equal(code, await ErrorCode(r));
        Assert.NotEmpty(r.Headers.GetValues("x-ms-request-id").Single());
    }

    public static async Task<string?> ErrorCode(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : XDocument.Parse(text).Root!.Element("Code")?.Value;
    }

    /// <summary>A share SAS (read-only unless told) made by the official
    /// .NET SDK's builder (not by the emulator's own code).</summary>
    public static string ShareSas(FilesEmulatorFixture fx, string share,
        ShareSasPermissions permissions = ShareSasPermissions.Read) =>
        new ShareSasBuilder(permissions, DateTimeOffset.UtcNow.AddHours(1)) { ShareName = share }
            .ToSasQueryParameters(new StorageSharedKeyCredential(fx.AccountName, fx.AccountKey)).ToString();

    /// <summary>An unsigned JWT in the shape Entra issues for
    /// storage (the emulator does not check signatures).</summary>
    public static string Token(string? role, string aud = "https://storage.azure.com",
        string iss = "https://sts.windows.net/tenant-id/")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        static string B64(string s) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var roles = role is null ? "[]" : $"[\"{role}\"]";
        var payload = $"{{\"aud\":\"{aud}\",\"iss\":\"{iss}\"," +
            $"\"iat\":{now - 60},\"nbf\":{now - 60},\"exp\":{now + 3600},\"roles\":{roles}}}";
        return $"{B64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")}.{B64(payload)}.c2ln";
    }
}

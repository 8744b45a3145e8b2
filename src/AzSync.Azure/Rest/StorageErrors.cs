using System.Xml.Linq;
using Azure;

namespace AzSync.Azure.Rest;

/// <summary>
/// Turns a failed response into a <see cref="RequestFailedException"/> carrying the service's error code, once,
/// in one place (as the SDK's details parser does). Messages never contain the request URI's query.
/// </summary>
public static class StorageErrors
{
    public static RequestFailedException Create(Response response, string what)
    {
        var (code, message) = Parse(response);
        var text = $"{what} failed: {response.Status} {code ?? response.ReasonPhrase}{(message is null ? "" : $" ({FirstLine(message)})")}";
        return new RequestFailedException(response.Status, text, code, null);
    }

    public static (string? Code, string? Message) Parse(Response response)
    {
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        string? message = null;
        try
        {
            if (response.ContentStream is { } stream && stream.CanRead)
            {
                if (stream.CanSeek) stream.Position = 0;
                var text = new StreamReader(stream).ReadToEnd();
                if (text.TrimStart().StartsWith('<'))
                {
                    var error = XDocument.Parse(text).Root;
                    code ??= error?.Element("Code")?.Value;
                    message = error?.Element("Message")?.Value;
                }
            }
        }
        catch (System.Xml.XmlException)
        {
            // Not the service's XML (a proxy's HTML page, say): the status and header code still tell enough.
        }
        return (code, message);
    }

    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();
}

/// <summary>Removes signatures and keys from anything that might be shown: URIs, messages, connection strings.</summary>
public static class Redaction
{
    private static readonly string[] SecretParameters = ["sig", "skoid", "sktid", "skt", "ske", "sks", "skv", "sdd"];

    public static string RedactUri(string uri)
    {
        var q = uri.IndexOf('?');
        if (q < 0) return uri;
        var parameters = uri[(q + 1)..].Split('&').Select(p =>
        {
            var name = p.Split('=', 2)[0];
            return SecretParameters.Contains(name, StringComparer.OrdinalIgnoreCase) ? name + "=REDACTED" : p;
        });
        return uri[..q] + "?" + string.Join('&', parameters);
    }
}

using System.Text;

namespace AzSync.Azure.Rest;

/// <summary>
/// Percent-encodes blob and file names ourselves: every byte except RFC 3986's unreserved characters, so
/// spaces, '#', '%', '?', '+', ';' and any Unicode round-trip exactly, and System.Uri has nothing to normalise.
/// </summary>
public static class UriPath
{
    public static string EncodeSegment(string segment)
    {
        var s = new StringBuilder(segment.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~') s.Append(c);
            else s.Append('%').Append(b.ToString("X2"));
        }
        return s.ToString();
    }

    /// <summary>A '/'-separated path with each segment encoded and the separators kept.</summary>
    public static string EncodePath(string path) => string.Join('/', path.Split('/').Select(EncodeSegment));
}

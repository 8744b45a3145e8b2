using System.Globalization;

namespace AzSync.FilesEmulator;

internal static class Formats
{
    public static string Rfc1123(DateTimeOffset t) => t.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
    /// <summary>SMB times use ISO 8601 with seven fractional digits.</summary>
    public static string Iso(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>"now", "preserve", absent or an ISO time, as the SMB property headers allow.</summary>
    public static DateTimeOffset SmbTime(string? header, DateTimeOffset current, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(header) || header == "preserve") return current == default ? now : current;
        if (header == "now") return now;
        return DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t : throw FileError.InvalidHeader("x-ms-file-creation-time",
                "The value for one of the HTTP headers is not in the correct format.");
    }

    /// <summary>Parses "bytes=s-e"; returns null when no range header was given.</summary>
    public static (long Start, long? End)? Range(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!value.StartsWith("bytes=", StringComparison.Ordinal))
            throw FileError.InvalidHeader("Range", "The range header is not valid.");
        var parts = value[6..].Split('-');
        if (parts.Length != 2 || !long.TryParse(parts[0], out var s))
            throw FileError.InvalidHeader("Range", "The range header is not valid.");
        if (parts[1].Length == 0) return (s, null);
        if (!long.TryParse(parts[1], out var e) || e < s)
            throw FileError.InvalidHeader("Range", "The range header is not valid.");
        return (s, e);
    }
}

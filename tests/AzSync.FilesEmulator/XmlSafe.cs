using System.Xml.Linq;

namespace AzSync.FilesEmulator;

/// <summary>
/// Names XML 1.0 cannot carry. The service's rule, published with version 2021-12-02
/// (learn.microsoft.com/rest/api/storageservices/version-2021-12-02): List Directories and Files percent-encodes
/// (per RFC 2396) every File or Directory Name, Prefix or DirectoryPath value holding a character invalid in XML,
/// "specifically, U+FFFE or U+FFFF". The Swagger (azure-rest-api-specs, Microsoft.FileStorage file.json,
/// definition StringEncoded) carries it as an Encoded="true" attribute on Name and Prefix and on EnumerationResults
/// for DirectoryPath. What older versions answer for such a name is not published, so nothing is done for them.
/// </summary>
internal static class XmlSafe
{
    private const string FirstEncodingVersion = "2021-12-02";

    public static bool Applies(string version) => string.CompareOrdinal(version, FirstEncodingVersion) >= 0;

    public static bool Needs(string value) => value.AsSpan().IndexOfAny('\uFFFE', '\uFFFF') >= 0;

    public static XElement Element(string name, string value, bool encode) => encode && Needs(value)
        ? new XElement(name, new XAttribute("Encoded", "true"), Uri.EscapeDataString(value))
        : new XElement(name, value);

    // The marker is opaque to clients (List Directories and Files, URI parameter marker), so the emulator picks a
    // form XML can carry: a name that needs encoding goes out behind '?', a character no name may hold.
    public static string ToMarker(string name) => Needs(name) ? "?" + Uri.EscapeDataString(name) : name;

    public static string FromMarker(string marker) =>
        marker.StartsWith('?') ? Uri.UnescapeDataString(marker[1..]) : marker;
}

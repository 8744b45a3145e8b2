using System.Text.RegularExpressions;

namespace AzSync.FilesEmulator;

/// <summary>File and directory name rules of the service.</summary>
internal static partial class Names
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CLOCK$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ShareName();

    public static void CheckShare(string name)
    {
        if (!ShareName().IsMatch(name))
            throw new FileError(400, "InvalidResourceName", "The specifed resource name contains invalid characters.");
    }

    /// <summary>Splits a decoded path, strips trailing dots unless
    /// the client opted out, and rejects forbidden names.</summary>
    public static List<string> SplitPath(string decodedPath, bool allowTrailingDot)
    {
        var result = new List<string>();
        foreach (var raw in decodedPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = allowTrailingDot ? raw : raw.TrimEnd('.');
            if (name.Length == 0 || name.Length > 255 || name is "." or "..") throw FileError.BadName();
            foreach (var c in name)
            {
                if (c < 0x20 || c is '"' or '\\' or ':' or '|' or '<' or '>' or '*' or '?') throw FileError.BadName();
            }
            if (Reserved.Contains(name)) throw FileError.BadName();
            result.Add(name);
        }
        return result;
    }
}

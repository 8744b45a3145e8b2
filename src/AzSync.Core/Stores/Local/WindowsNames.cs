namespace AzSync.Core.Stores.Local;

/// <summary>
/// Names Windows cannot hold in a folder: a file called 'CON' or 'nul.txt' opens a device, and a trailing dot or
/// space is silently dropped, so 'a.' would be written as 'a'. Refused at plan time, per file, with the reason.
/// </summary>
internal static class WindowsNames
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    private static readonly char[] Forbidden = ['<', '>', ':', '"', '\\', '|', '?', '*'];

    public static string? Problem(string path)
    {
        foreach (var segment in path.Split('/'))
        {
            // Windows reads 'CON.txt' and 'CON .txt' as the device too.
            var stem = segment.Split('.')[0].TrimEnd(' ');
            if (Reserved.Contains(stem))
                return $"'{segment}' is a reserved name on Windows ('{stem.ToUpperInvariant()}')";
            if (segment.EndsWith('.') || segment.EndsWith(' '))
                return $"'{segment}' ends with a {(segment.EndsWith('.') ? "dot" : "space")}, " +
                    "which Windows drops from names";
            var bad = segment.FirstOrDefault(c => c < 0x20 || Forbidden.Contains(c));
            if (bad != default)
            {
                var what = bad < 0x20 ? $"the control character 0x{(int)bad:X2}" : $"'{bad}'";
                return $"'{segment}' contains {what}, which Windows does not allow in names";
            }
        }
        return null;
    }
}

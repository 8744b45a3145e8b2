namespace AzSync.Azure.Files;

/// <summary>
/// The names Azure Files refuses, checked at plan time so a bad name fails alone, with its reason, before
/// anything is transferred. Names are case-insensitive there, so two source paths differing only in case
/// would land on one file: the second is refused too.
/// </summary>
internal sealed class FileNameRules
{
    public const int MaxComponentLength = 255;
    public const int MaxPathLength = 2048;
    private static readonly char[] Forbidden = ['"', '\\', ':', '|', '<', '>', '*', '?'];
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CLOCK$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    // A set, not a map of each path to itself: the set hands back the spelling it holds, at two thirds of the size.
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public string? Check(string path)
    {
        if (path.Length > MaxPathLength)
            return $"the path is longer than Azure Files allows ({MaxPathLength} characters)";
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0) return "the path has an empty segment";
            if (segment.Length > MaxComponentLength)
                return $"'{segment[..20]}…' is longer than {MaxComponentLength} characters";
            if (segment is "." or "..") return $"'{segment}' is not a valid name";
            if (Reserved.Contains(segment)) return $"'{segment}' is a reserved name in Azure Files";
            var bad = segment.FirstOrDefault(c => c < 0x20 || Forbidden.Contains(c));
            if (bad != default)
                return $"'{segment}' contains " +
                    $"{(bad < 0x20 ? $"the control character 0x{(int)bad:X2}" : $"'{bad}'")}, " +
                    "which Azure Files does not allow";
        }
        lock (_gate)
        {
            if (_seen.TryGetValue(path, out var other) && other != path)
                return $"Azure Files names are case-insensitive: this path and '{other}' would be the same file";
            _seen.Add(path);
        }
        return null;
    }
}

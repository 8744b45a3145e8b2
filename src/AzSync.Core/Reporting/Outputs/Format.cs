using System.Globalization;
using System.Text;

namespace AzSync.Core.Reporting.Outputs;

public static class Format
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
        return unit == 0 ? $"{bytes} B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Seconds(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    /// <summary>
    /// Text that came from a file name (or a message quoting one), safe to print on one line: a name holding a line
    /// break would otherwise start a line of its own, and a CI agent runs a line that starts with `::` as a command
    /// (the Azure Pipelines agent runs a `##vso[` anywhere in a line). Such a name is quoted C-style, its `##` as
    /// `#\x23` (`"a\n#\x23vso[…]"`); every other name prints as it is.
    /// </summary>
    public static string Path(string text)
    {
        if (!text.Any(IsLineBreaking) && !text.Contains("##", StringComparison.Ordinal)) return text;
        var s = new StringBuilder("\"");
        for (var i = 0; i < text.Length; i++)
            s.Append(text[i] switch
            {
                '#' when i > 0 && text[i - 1] == '#' => "\\x23",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                var c when IsLineBreaking(c) => $"\\u{(int)c:x4}",
                var c => c.ToString(),
            });
        return s.Append('"').ToString();
    }

    // Control characters (C0, DEL, C1 with NEL) and the Unicode line and paragraph separators.
    private static bool IsLineBreaking(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace AzSync.Commands;

/// <summary>
/// Help that reads like the README: placeholders say what a value is (`--parallel &lt;N&gt;`, not
/// `&lt;parallel&gt;`), arguments are upper case everywhere, and a command list shows optional arguments as optional.
/// </summary>
internal static class HelpLayout
{
    private static readonly Dictionary<string, string> Placeholders = new()
    {
        ["--manifest"] = "FILE",
        ["--include"] = "GLOB",
        ["--exclude"] = "GLOB",
        ["--target"] = "PREFIX",
        ["--max-delete"] = "N|P%",
        ["--parallel"] = "N",
        ["--output"] = "FORMAT",
        ["--report"] = "FILE",
        ["--auth"] = "MODE",
        ["--tenant-id"] = "TENANT",
        ["--client-id"] = "ID",
        ["--authority-host"] = "URL",
        ["--service-connection-id"] = "ID",
    };

    public static void Apply(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ListingFix((HelpAction)help.Action!);
        Walk(root);
    }

    private static void Walk(Command command)
    {
        foreach (var argument in command.Arguments) argument.HelpName ??= argument.Name.ToUpperInvariant();
        foreach (var option in command.Options)
        {
            // A flag takes no value, and a closed list (--destination-type) already shows its choices.
            if (option.HelpName is not null || option.Arity.MaximumNumberOfValues == 0 ||
                option.ValueType == typeof(bool) || option.ValueType == typeof(bool?)) continue;
            if (Placeholders.TryGetValue(option.Name, out var placeholder)) option.HelpName = placeholder;
            else if (!option.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Any())
                option.HelpName = "VALUE";
        }
        foreach (var sub in command.Subcommands) Walk(sub);
    }

    /// <summary>`sync [&lt;SOURCE&gt; [&lt;DESTINATION&gt;]]`, as the command's own usage line writes it.</summary>
    private static string Usage(Command command)
    {
        var usage = command.Name;
        var closing = "";
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            var name = $"<{argument.HelpName}>";
            if (argument.Arity.MinimumNumberOfValues > 0) usage += " " + name;
            else (usage, closing) = (usage + $" [{name}", closing + "]");
        }
        return usage + closing;
    }

    /// <summary>The label System.CommandLine puts in a command list: every argument bare, optional or not.</summary>
    private static string BareUsage(Command command) =>
        string.Join(' ', command.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.HelpName}>").Prepend(command.Name));

    /// <summary>
    /// The built-in help, with the Commands section's first column rewritten (the help builder that could do this is
    /// internal in System.CommandLine 2.0). Rows whose label changes widen the column; every row is re-aligned.
    /// </summary>
    private sealed class ListingFix(HelpAction builtIn) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parse)
        {
            var config = parse.InvocationConfiguration;
            var output = config.Output;
            var captured = new StringWriter();
            config.Output = captured;
            try
            {
                builtIn.Invoke(parse);
            }
            finally
            {
                config.Output = output;
            }
            output.Write(Rewrite(captured.ToString(), parse.CommandResult.Command));
            return 0;
        }

        private static string Rewrite(string help, Command command)
        {
            var labels = command.Subcommands.Where(c => !c.Hidden).ToDictionary(BareUsage, Usage);
            var lines = help.Split('\n');
            var start = Array.FindIndex(lines, l => l.TrimEnd('\r') == "Commands:");
            if (start < 0 || labels.Count == 0) return help;
            var end = Array.FindIndex(lines, start + 1, l => !l.StartsWith(' ') && l.TrimEnd('\r').Length > 0);
            if (end < 0) end = lines.Length;
            var oldColumn = lines[(start + 1)..end].Select(DescriptionColumn).Where(c => c > 0).DefaultIfEmpty(0).Min();
            if (oldColumn == 0) return help;
            var newColumn = 2 + labels.Values.Append("").Max(l => l.Length) + 2;
            newColumn = Math.Max(newColumn, oldColumn);
            for (var i = start + 1; i < end; i++)
            {
                var line = lines[i];
                if (line.Length <= oldColumn || line[..oldColumn].Trim().Length == 0)
                {
                    if (line.Length > oldColumn) lines[i] = new string(' ', newColumn) + line[oldColumn..];
                    continue;
                }
                var label = line[..oldColumn].Trim();
                lines[i] = ("  " + labels.GetValueOrDefault(label, label)).PadRight(newColumn) + line[oldColumn..];
            }
            return string.Join('\n', lines);
        }

        // Where the description starts on a row that has a label: after the label and at least two spaces.
        private static int DescriptionColumn(string line)
        {
            if (!line.StartsWith("  ") || line.Length < 3 || line[2] == ' ') return 0;
            var gap = line.IndexOf("  ", 2, StringComparison.Ordinal);
            if (gap < 0) return 0;
            var column = gap;
            while (column < line.Length && line[column] == ' ') column++;
            return column < line.Length ? column : 0;
        }
    }
}

using System.Text;

namespace AzSync.Core.Selection;

/// <summary>
/// The glob rules the manifest and the command line share. FileSystemGlobbing knows only '*' and '**' and takes
/// every other character literally, so '**/*.{html,txt}' or '*.[ch]' would silently select nothing: braces are
/// expanded here into several patterns, and the syntax it cannot honour is refused instead of matched literally.
/// </summary>
public static class Globs
{
    /// <summary>More would only come from a mistake, and each pattern costs a pass over every path.</summary>
    public const int MaxExpansions = 256;

    private const string Relative = "must be relative to the source folder (no leading '/' and no '..')";

    /// <summary>
    /// Why <paramref name="glob"/> cannot be used (a phrase to follow the glob), or null when it can.
    /// </summary>
    public static string? Problem(string glob)
    {
        if (glob.Trim().Length == 0) return "is empty; give a glob such as '**/*.html'";
        if (glob.IndexOfAny(['[', ']']) >= 0)
            return "'[...]' character classes are not supported; list the alternatives in braces, e.g. '*.{c,h}'";
        if (glob.Contains('?')) return "'?' is not supported; use '*' or '{a,b}' alternatives";
        // A Windows habit that would match nothing on Linux and macOS, where '\' is an ordinary name character.
        if (glob.Contains('\\'))
            return "'\\' is not a separator in globs; use '/' on every system (e.g. 'docs/**/*.md')";
        List<string> expanded;
        try
        {
            expanded = ExpandUnchecked(glob);
        }
        catch (FormatException e)
        {
            return e.Message;
        }
        if (expanded.Any(g => g.Trim().Length == 0))
            return "expands to an empty pattern; give every alternative a value";
        return expanded.Any(IsNotRelative) ? Relative : null;
    }

    /// <summary>The patterns '{a,b}' stands for, in order; a glob without braces is returned alone.</summary>
    /// <exception cref="ArgumentException">The glob has a <see cref="Problem"/>; callers validate first.</exception>
    public static IReadOnlyList<string> Expand(string glob)
    {
        if (Problem(glob) is { } problem) throw new ArgumentException($"glob '{glob}': {problem}", nameof(glob));
        return ExpandUnchecked(glob).Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsNotRelative(string glob) =>
        glob.StartsWith('/') || Path.IsPathRooted(glob) || glob.Split('/').Contains("..");

    private static List<string> ExpandUnchecked(string glob)
    {
        var position = 0;
        var result = Sequence(glob, ref position, nested: false);
        if (position < glob.Length) throw new FormatException("unbalanced '}'; remove it or add the '{' it closes");
        return result;
    }

    // Expands glob[position..] up to the end, or (nested) up to the ',' or '}' that ends this alternative.
    private static List<string> Sequence(string glob, ref int position, bool nested)
    {
        var results = new List<string> { "" };
        var literal = new StringBuilder();
        while (position < glob.Length)
        {
            var c = glob[position];
            if (c == '}' || (c == ',' && nested)) break;
            if (c != '{')
            {
                literal.Append(c);
                position++;
                continue;
            }
            var alternatives = Group(glob, ref position);
            var prefix = literal.ToString();
            literal.Clear();
            results = results.SelectMany(r => alternatives.Select(a => r + prefix + a)).ToList();
            if (results.Count > MaxExpansions)
                throw new FormatException(
                    $"expands to more than {MaxExpansions} patterns; use fewer '{{...}}' alternatives");
        }
        var tail = literal.ToString();
        return results.Select(r => r + tail).ToList();
    }

    // glob[position] is '{'; returns every alternative of the group and moves past its '}'.
    private static List<string> Group(string glob, ref int position)
    {
        var open = position++;
        var alternatives = new List<string>();
        while (true)
        {
            alternatives.AddRange(Sequence(glob, ref position, nested: true));
            if (position >= glob.Length)
                throw new FormatException($"unbalanced '{{' (character {open + 1} is never closed); add the '}}'");
            if (glob[position++] == '}') break;
        }
        if (position - open == 2) throw new FormatException("'{}' has no alternatives; write '{a,b}'");
        return alternatives;
    }
}

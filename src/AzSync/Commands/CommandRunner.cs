using System.CommandLine;
using AzSync.Core;
using AzSync.Core.Reporting.Outputs;

namespace AzSync.Commands;

/// <summary>Parses, maps parse errors to exit code 5 and turns Ctrl+C into exit code 130.</summary>
internal static class CommandRunner
{
    /// <param name="error">Where errors go: stderr unless a test says otherwise.</param>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? error = null)
    {
        var stderr = error ?? Console.Error;
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            if ((CommandTypo(parse) ?? OptionTypo(parse)) is { } typo) stderr.WriteLine($"error: {typo}");
            else foreach (var e in parse.Errors) stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine("Run 'azsync --help' (or 'azsync COMMAND --help') for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            // System.CommandLine 2.0 handles SIGINT/SIGTERM only when a termination timeout is set; without it Ctrl+C
            // kills the process outright instead of cancelling the token (and exit code 130 is never returned).
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = TimeSpan.FromSeconds(5),
            });
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (UserFacingException e)
        {
            stderr.WriteLine(e.Formatted ? e.Message : $"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            // No stack trace for users: the type and message are enough to report a bug, and -v is for more.
            stderr.WriteLine($"error: unexpected {e.GetType().Name}: {Format.Path(e.Message)}");
            if (Environment.GetEnvironmentVariable("AZSYNC_DEBUG") == "1") stderr.WriteLine(e);
            return ExitCodes.Failed;
        }
    }

    /// <summary>"unknown option '--paralel'; did you mean '--parallel'?" alone, rather than the parser's account of
    /// where the words after it went.</summary>
    private static string? OptionTypo(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var inherited = command.Parents.OfType<Command>().SelectMany(c => c.Options.Where(o => o.Recursive));
        var known = command.Options.Concat(inherited)
            .SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        var unknown = parse.Tokens.Where(t => t.Type == System.CommandLine.Parsing.TokenType.Argument)
            .Select(t => t.Value.Split('=')[0])
            .FirstOrDefault(v => v.StartsWith("--") && v.Length > 2 && !known.Contains(v));
        if (unknown is null) return null;
        var longNames = known.Where(k => k.StartsWith("--")).Select(k => k[2..]);
        var meant = Core.Manifest.KeySuggester.Suggest(unknown[2..], longNames);
        return meant is null ? null : $"unknown option '{unknown}'; did you mean '--{meant}'?";
    }

    /// <summary>"'syncc' is not an azsync command; did you mean 'sync'?" in place of the parser's "Required command
    /// was not provided" and "Unrecognized command", which name neither the command meant nor the ones there
    /// are.</summary>
    private static string? CommandTypo(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (names.Count == 0 || command.Action is not null) return null;
        var path = string.Join(' ', parse.CommandResult.Command.Parents.OfType<Command>().Reverse().Select(c => c.Name)
            .Append(command.Name).Skip(1).Prepend("azsync"));
        if (parse.UnmatchedTokens is not [var token, ..] || token.StartsWith('-'))
            return $"'{path}' needs a command: {string.Join(", ", names)}.";
        return Core.Manifest.KeySuggester.Suggest(token, names) is { } meant
            ? $"'{token}' is not an '{path}' command; did you mean '{meant}'?"
            : $"'{token}' is not an '{path}' command; the commands are: {string.Join(", ", names)}.";
    }
}

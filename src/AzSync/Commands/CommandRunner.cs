using System.CommandLine;

namespace AzSync.Commands;

/// <summary>Parses, maps parse errors to exit code 5 and turns Ctrl+C into exit code 130.</summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'azsync --help' (or 'azsync COMMAND --help') for usage.");
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
            Console.Error.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (UserFacingException e)
        {
            Console.Error.WriteLine(e.Formatted ? e.Message : $"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            // No stack trace for users: the type and message are enough to report a bug, and -v is for more.
            Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {Output.Format.Path(e.Message)}");
            if (Environment.GetEnvironmentVariable("AZSYNC_DEBUG") == "1") Console.Error.WriteLine(e);
            return ExitCodes.Failed;
        }
    }
}

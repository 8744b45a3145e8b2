using System.CommandLine;
using AzSync.Commands;
using AzSync.Core;

namespace AzSync.Tests;

/// <summary>How a command's end becomes an exit code and a message: parse errors, the user-facing stops, Ctrl+C,
/// and a bug, never with a stack trace.</summary>
public sealed class CommandRunnerTests : IDisposable
{
    private readonly StringWriter _error = new();

    public void Dispose() => _error.Dispose();

    /// <summary>The tool's own commands, and one more whose action ends as the test says.</summary>
    private static RootCommand Root(Func<Task<int>> action)
    {
        var root = new RootCommand("azsync");
        foreach (var command in SyncCommands.Create()) root.Subcommands.Add(command);
        var probe = new Command("probe");
        probe.SetAction((_, _) => action());
        root.Subcommands.Add(probe);
        return root;
    }

    private Task<int> RunAsync(Func<Task<int>> action, params string[] args) =>
        CommandRunner.RunAsync(Root(action), args, _error);

    private static Task<int> Never() => throw new InvalidOperationException("the action must not run");

    [Fact]
    public async Task A_misspelt_option_exits_5_and_suggests_the_one_meant()
    {
        Assert.Equal(ExitCodes.Usage, await RunAsync(Never, "sync", "src", "dst", "--paralel", "4"));

        Assert.Equal("error: unknown option '--paralel'; did you mean '--parallel'?" + Environment.NewLine +
                     "Run 'azsync --help' (or 'azsync COMMAND --help') for usage." + Environment.NewLine,
            _error.ToString());
    }

    [Fact]
    public async Task A_misspelt_command_exits_5_and_suggests_the_one_meant()
    {
        Assert.Equal(ExitCodes.Usage, await RunAsync(Never, "syncc"));

        Assert.StartsWith("error: 'syncc' is not an 'azsync' command; did you mean 'sync'?", _error.ToString());
    }

    [Fact]
    public async Task A_user_facing_stop_exits_with_its_code_and_message()
    {
        var exit = await RunAsync(() => throw new UserFacingException(ExitCodes.SafetyStop, "Safety stop: no."),
            "probe");

        Assert.Equal(ExitCodes.SafetyStop, exit);
        Assert.Equal("error: Safety stop: no." + Environment.NewLine, _error.ToString());
    }

    [Fact]
    public async Task A_formatted_message_is_printed_as_it_is()
    {
        var message = "azsync.yaml:3:5: error: unknown key 'exclud'";
        var exit = await RunAsync(() => throw new UserFacingException(ExitCodes.Usage, message, formatted: true),
            "probe");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(message + Environment.NewLine, _error.ToString());
    }

    [Fact]
    public async Task Cancellation_exits_130()
    {
        var exit = await RunAsync(() => throw new OperationCanceledException(), "probe");

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Equal("Cancelled." + Environment.NewLine, _error.ToString());
    }

    [Fact]
    public async Task An_unexpected_error_exits_1_with_its_type_and_message_on_one_line_and_no_stack_trace()
    {
        var exit = await RunAsync(() => throw new InvalidOperationException("broke\n::error::injected"), "probe");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("error: unexpected InvalidOperationException: \"broke\\n::error::injected\"" +
                     Environment.NewLine, _error.ToString());
    }

    [Fact]
    public async Task A_command_that_ends_normally_returns_its_exit_code()
    {
        Assert.Equal(ExitCodes.Changes, await RunAsync(() => Task.FromResult(ExitCodes.Changes), "probe"));
        Assert.Equal("", _error.ToString());
    }
}

using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>Short ways to run the tool and to check what every run must satisfy.</summary>
public static class Run
{
    public static Task<AzSyncResult> AzSync(params string[] args) => AzSyncProcess.Default.RunAsync(args);

    public static Task<AzSyncResult> AzSyncIn(string workingDirectory, params string[] args) =>
        AzSyncProcess.Default.RunAsync(args, workingDirectory);

    /// <summary>Asserts the exit code, showing the whole run when it is wrong, and that no stack trace
    /// leaked.</summary>
    public static AzSyncResult ShouldExit(this AzSyncResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}\n{result}");
        Assert.False(result.StdErr.Contains("   at ") || result.StdOut.Contains("   at "),
            $"a stack trace was printed\n{result}");
        return result;
    }
}

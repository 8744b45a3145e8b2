using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// Output people read and scripts may parse, pinned in Golden/*.txt. Help text is not wrapped when stdout is
/// redirected (System.CommandLine only wraps to a real console's width), so these files are stable. After an
/// intended change run the tests with AZSYNC_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class GoldenTests
{
    [Fact]
    public async Task Plan_text_output()
    {
        using var dir = new E2eTempDir();
        dir.WriteSource("unchanged.txt", "same");
        dir.WriteSource("docs/changed.md", "old");
        dir.WriteSource("docs/removed.txt", "bye");
        (await Run.AzSync("sync", dir.Source, dir.Destination)).ShouldExit(0);
        dir.WriteSource("docs/changed.md", "new text");
        File.Delete(dir.Src("docs/removed.txt"));
        dir.WriteSource("images/new.svg", "<svg/>");

        var result = (await Run.AzSync("plan", dir.Source, dir.Destination, "--delete")).ShouldExit(0);

        Golden.Verify("plan.txt", result.StdOut.Replace(dir.Destination, "<DEST>"));
    }

    [Theory]
    [InlineData("help-root.txt")]
    [InlineData("help-sync.txt", "sync")]
    [InlineData("help-plan.txt", "plan")]
    [InlineData("help-manifest-validate.txt", "manifest", "validate")]
    [InlineData("help-manifest.txt", "manifest")]
    [InlineData("help-auth-status.txt", "auth", "status")]
    public async Task Help_output(string golden, params string[] command)
    {
        var result = (await Run.AzSync([.. command, "--help"])).ShouldExit(0);

        Assert.Equal("", result.StdErr);
        Golden.Verify(golden, result.StdOut);
    }

    [Theory]
    [InlineData("syncc", "'syncc' is not an 'azsync' command; did you mean 'sync'?")]
    [InlineData("pln", "'pln' is not an 'azsync' command; did you mean 'plan'?")]
    [InlineData("manifest validat", "'validat' is not an 'azsync manifest' command; did you mean 'validate'?")]
    [InlineData("sync --paralel 3 src dst", "unknown option '--paralel'; did you mean '--parallel'?")]
    [InlineData("auth status --auht key", "unknown option '--auht'; did you mean '--auth'?")]
    public async Task A_misspelt_command_or_option_gets_the_one_meant(string command, string message)
    {
        var result = (await Run.AzSync(command.Split(' '))).ShouldExit(5);

        Assert.StartsWith($"error: {message}\n", result.StdErr);
        Assert.DoesNotContain("Required command", result.StdErr);
        Assert.DoesNotContain("Unrecognized", result.StdErr);
    }
}

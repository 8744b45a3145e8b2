using System.Text.RegularExpressions;
using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests;

/// <summary>Usage errors exit 5 with a message that names the problem, and never a stack trace.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public ExitCodeTests() => _dir.WriteSource("a.txt", "a");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_missing_source_folder_exits_5_and_names_the_path()
    {
        var missing = Path.Combine(_dir.Root, "no-such-folder");

        var result = (await Run.AzSync("sync", missing, _dir.Destination)).ShouldExit(5);

        Assert.Contains(missing, result.StdErr);
        Assert.False(Directory.Exists(_dir.Destination), "nothing should be created for a run that cannot start");
    }

    [Theory]
    [InlineData("sync", "--frobnicate")]
    [InlineData("plan", "--frobnicate")]
    [InlineData("sync", "--dleete")]
    public async Task An_unknown_option_exits_5_and_names_it(string command, string option)
    {
        var afterArgs = (await Run.AzSync(command, _dir.Source, _dir.Destination, option)).ShouldExit(5);
        var beforeArgs = (await Run.AzSync(command, option, _dir.Source, _dir.Destination)).ShouldExit(5);
        var alone = (await Run.AzSyncIn(_dir.Root, command, option)).ShouldExit(5);

        foreach (var result in new[] { afterArgs, beforeArgs, alone }) Assert.Contains(option, result.StdErr);
        Assert.False(Directory.Exists(_dir.Destination));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-3")]
    [InlineData("150%")]
    [InlineData("10 files")]
    public async Task An_invalid_max_delete_exits_5(string value)
    {
        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "--max-delete", value))
            .ShouldExit(5);

        Assert.Contains("--max-delete", result.StdErr);
        Assert.False(Directory.Exists(_dir.Destination));
    }

    [Fact]
    public async Task Both_source_and_manifest_exit_5()
    {
        var manifest = Path.Combine(_dir.Root, "azsync.yaml");
        File.WriteAllText(manifest, "destination: ./dst\nmappings:\n  - source: ./src\n");

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--manifest", manifest)).ShouldExit(5);

        Assert.Contains("--manifest", result.StdErr);
        Assert.False(Directory.Exists(_dir.Destination));
    }

    [Fact]
    public async Task Version_prints_the_version_from_the_build()
    {
        var props = File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var expected = Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;

        var result = (await Run.AzSync("--version")).ShouldExit(0);

        Assert.Equal(expected, result.StdOut.Trim());
    }
}

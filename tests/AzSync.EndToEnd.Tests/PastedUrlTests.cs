using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>A SAS URL whose '&amp;' were HTML-escaped to '&amp;amp;' is named as such, the same in every
/// command.</summary>
public sealed class PastedUrlTests : IDisposable
{
    private const string Signature = "c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";
    // Port 1 answers nothing: a run that went past the check would fail for another reason, not this one.
    private const string Url =
        "http://127.0.0.1:1/devstoreaccount1/site?sv=2022-11-02&amp;sr=c&amp;sp=racwdl&amp;sig=" + Signature;
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("sync")]
    [InlineData("plan")]
    [InlineData("auth status")]
    public async Task An_html_escaped_ampersand_in_the_query_is_a_usage_error_that_says_so(string command)
    {
        _dir.WriteSource("a.txt", "a");
        string[] args = command == "auth status"
            ? ["auth", "status", Url, "--destination-type", "blob"]
            : [command, _dir.Source, Url, "--destination-type", "blob"];

        var result = (await Run.AzSync(args)).ShouldExit(5);

        Assert.StartsWith("error: The destination URL's query holds '&amp;' where '&' belongs", result.StdErr);
        Assert.Contains("Replace each '&amp;' with '&'", result.StdErr);
        Assert.DoesNotContain(Signature, result.StdOut + result.StdErr);
        Assert.DoesNotContain(Uri.UnescapeDataString(Signature), result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task Manifest_validate_says_the_same_about_its_destination()
    {
        File.WriteAllText(Path.Combine(_dir.Root, "azsync.yaml"),
            $"version: 1\ndestination: \"{Url}\"\nmappings:\n  - source: src\n");

        var result = (await Run.AzSyncIn(_dir.Root, "manifest", "validate", "--destination-type", "blob"))
            .ShouldExit(5);

        Assert.Contains("azsync.yaml:2:14: error: The destination URL's query holds '&amp;'", result.StdErr);
        Assert.DoesNotContain(Signature, result.StdErr);
    }
}

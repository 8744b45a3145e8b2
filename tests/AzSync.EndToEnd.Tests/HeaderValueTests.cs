using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>A header value the HTTP client would refuse at upload time is a manifest error, found before anything is
/// sent.</summary>
public sealed class HeaderValueTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public HeaderValueTests() => _dir.WriteSource("a.txt", "a");

    public void Dispose() => _dir.Dispose();

    private const string NotAscii = "must be printable ASCII (no control characters); found";

    [Theory]
    [InlineData("contentEncoding: \"gzip\\u00e9\\u4e2d\"",
        "azsync.yaml:5:22: error: 'contentEncoding' " + NotAscii + " 'é' (U+00E9) at character 5\n")]
    [InlineData("contentDisposition: \"attachment; filename=\\\"\\u00e9.txt\\\"\"",
        "azsync.yaml:5:25: error: 'contentDisposition' " + NotAscii + " 'é' (U+00E9) at character 23; " +
        "for a non-ASCII file name use RFC 5987, e.g. attachment; filename*=UTF-8''%C3%A9.txt\n")]
    [InlineData("cacheControl: \"a\\r\\nX-Evil: b\"",
        "azsync.yaml:5:19: error: 'cacheControl' " + NotAscii + " U+000D at character 2\n")]
    [InlineData("contentType: { .md: \"text/markdown; a\\nb\" }",
        "azsync.yaml:5:25: error: 'contentType' for '.md' " + NotAscii + " U+000A at character 17\n")]
    public async Task A_header_value_that_is_not_printable_ascii_is_refused_before_anything_is_sent(
        string line, string expected)
    {
        File.WriteAllText(Path.Combine(_dir.Root, "azsync.yaml"),
            $"version: 1\ndestination: dst\nmappings:\n  - source: src\n    {line}\n");

        var validate = (await Run.AzSyncIn(_dir.Root, "manifest", "validate")).ShouldExit(5);
        var plan = (await Run.AzSyncIn(_dir.Root, "plan")).ShouldExit(5);
        var sync = (await Run.AzSyncIn(_dir.Root, "sync")).ShouldExit(5);

        Assert.Equal(expected, validate.StdErr);
        Assert.Equal(expected, plan.StdErr);
        Assert.Equal(expected, sync.StdErr);
        Assert.False(Directory.Exists(_dir.Destination));
    }
}

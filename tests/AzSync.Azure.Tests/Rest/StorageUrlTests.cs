using AzSync.Azure.Rest;

namespace AzSync.Azure.Tests.Rest;

/// <summary>The one destination parser, on the SDK's own rules for where the account is.</summary>
public sealed class StorageUrlTests
{
    [Theory]
    [InlineData("https://acct.blob.core.windows.net/c/dir", "acct", false, "c/dir")]
    [InlineData("https://acct.file.core.windows.net/share/d", "acct", false, "share/d")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/c", "devstoreaccount1", true, "c")]
    [InlineData("http://127.0.0.1:34567/devstoreaccount1/c/p", "devstoreaccount1", true, "c/p")]
    [InlineData("http://localhost:34567/devstoreaccount1/c", "devstoreaccount1", true, "c")]
    [InlineData("http://azurite:10000/devstoreaccount1/c", "devstoreaccount1", true, "c")]
    [InlineData("https://static.example.com/container/p", "", false, "container/p")]
    public void The_account_comes_from_the_host_the_path_or_nowhere(string url, string account, bool pathStyle,
        string rest)
    {
        Assert.True(StorageUrl.TryParse(url, allowHttp: true, out var parsed, out var error), error);
        Assert.Equal((account, pathStyle, rest),
            (parsed.AccountName, parsed.PathStyle, string.Join('/', parsed.Segments)));
        Assert.Equal(account.Length == 0 ? null : account, parsed.Account);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/c?sv=1&sig=abc", "sv=1&sig=abc")]
    [InlineData("https://acct.blob.core.windows.net/c?restype=container", null)]
    public void Only_a_signed_query_is_a_sas(string url, string? sas)
    {
        Assert.True(StorageUrl.TryParse(url, allowHttp: false, out var parsed, out var error), error);
        Assert.Equal(sas, parsed.SasQuery);
    }

    [Fact]
    public void Plain_http_to_another_host_needs_allow_http()
    {
        Assert.False(
            StorageUrl.TryParse("http://azurite:10000/devstoreaccount1/c", allowHttp: false, out _, out var error));
        Assert.Contains("--allow-http", error);
    }
}

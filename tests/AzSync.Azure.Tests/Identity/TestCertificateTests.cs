using AzSync.Testing;
using AzSync.Testing.FakeIdentity;

namespace AzSync.Azure.Tests.Identity;

public sealed class TestCertificateTests : IdentityTestBase
{
    /// <summary>Child processes (the built tool, azcopy) trust the fake through SSL_CERT_FILE; check with OpenSSL,
    /// which is what .NET on Linux uses, that the written PEM alone is enough to verify the server.</summary>
    [Fact]
    public async Task Child_process_trusts_the_fake_via_ssl_cert_file_and_only_then()
    {
        Assert.True(File.Exists("/usr/bin/openssl"),
            "this check needs OpenSSL's command-line tool (Debian package openssl)");
        async Task<string> Probe(string? certFile) =>
            (await ChildProcess.RunAsync("/usr/bin/openssl",
                ["s_client", "-connect", $"127.0.0.1:{Server.HttpsBase.Port}", "-verify_return_error", "-brief"],
                env: new Dictionary<string, string?>
                {
                    ["SSL_CERT_FILE"] = certFile ?? "/nonexistent.pem",
                    ["SSL_CERT_DIR"] = "/nonexistent"
                })).All;
        Assert.Contains("Verification: OK", await Probe(Server.Certificates.AuthorityPemPath));
        Assert.DoesNotContain("Verification: OK", await Probe(null));
    }

    [Fact]
    public async Task In_process_handler_trusts_exactly_the_test_ca()
    {
        using var trusting = new HttpClient(Server.Certificates.CreateTrustingHandler());
        var ok = await trusting.GetAsync(
            new Uri(Server.HttpsBase, $"{Guid.NewGuid()}/v2.0/.well-known/openid-configuration"));
        Assert.Equal(200, (int)ok.StatusCode);
        using var other = new TestCertificates();
        using var stranger = new HttpClient(other.CreateTrustingHandler());
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync(Server.HttpsBase));
    }
}

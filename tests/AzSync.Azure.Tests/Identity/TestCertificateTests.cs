using System.Diagnostics;
using AzSync.Testing.FakeIdentity;
using Xunit;

namespace AzSync.Azure.Tests.Identity;

public sealed class TestCertificateTests : IdentityTestBase
{
    /// <summary>Child processes (the built tool, azcopy) trust the fake through SSL_CERT_FILE; check with OpenSSL,
    /// which is what .NET on Linux uses, that the written PEM alone is enough to verify the server.</summary>
    [Fact]
    public async Task Child_process_trusts_the_fake_via_ssl_cert_file_and_only_then()
    {
        if (!File.Exists("/usr/bin/openssl")) return;
        async Task<string> Probe(string? certFile)
        {
            var psi = new ProcessStartInfo("/usr/bin/openssl", ["s_client", "-connect", $"127.0.0.1:{Server.HttpsBase.Port}", "-verify_return_error", "-brief"])
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            psi.Environment["SSL_CERT_FILE"] = certFile ?? "/nonexistent.pem";
            psi.Environment["SSL_CERT_DIR"] = "/nonexistent";
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var text = await p.StandardError.ReadToEndAsync() + await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            return text;
        }
        Assert.Contains("Verification: OK", await Probe(Server.Certificates.AuthorityPemPath));
        Assert.DoesNotContain("Verification: OK", await Probe(null));
    }

    [Fact]
    public async Task In_process_handler_trusts_exactly_the_test_ca()
    {
        using var trusting = new HttpClient(Server.Certificates.CreateTrustingHandler());
        var ok = await trusting.GetAsync(new Uri(Server.HttpsBase, $"{Guid.NewGuid()}/v2.0/.well-known/openid-configuration"));
        Assert.Equal(200, (int)ok.StatusCode);
        using var other = new TestCertificates();
        using var stranger = new HttpClient(other.CreateTrustingHandler());
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync(Server.HttpsBase));
    }
}

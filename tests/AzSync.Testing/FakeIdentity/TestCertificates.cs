using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AzSync.Testing.FakeIdentity;

/// <summary>A throwaway CA and a 127.0.0.1/localhost server certificate made in-process. The CA PEM is written to a
/// temp file so child processes can trust it through SSL_CERT_FILE;
/// in-process clients use <see cref="CreateTrustingHandler"/>.</summary>
public sealed class TestCertificates : IDisposable
{
    public X509Certificate2 Authority { get; }
    public X509Certificate2 Server { get; }
    public string AuthorityPemPath { get; }

    public TestCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caReq =
            new CertificateRequest("CN=azsync test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Authority = caReq.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var leafKey = RSA.Create(2048);
        var leafReq =
            new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        leafReq.CertificateExtensions.Add(san.Build());
        leafReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafReq.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        leafReq.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafReq.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var leaf = leafReq.Create(Authority, now.AddMinutes(-5), now.AddDays(1), serial);
        // Round-trip through PFX: SslStream on Linux wants a key it can reach as a persisted handle.
        Server = X509CertificateLoader.LoadPkcs12(leaf.CopyWithPrivateKey(leafKey).Export(X509ContentType.Pfx), null);

        AuthorityPemPath = Path.Combine(Path.GetTempPath(), $"azsync-test-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(AuthorityPemPath, Authority.ExportCertificatePem());
    }

    /// <summary>An HTTP handler that trusts exactly the test CA (not the machine's roots).</summary>
    public HttpMessageHandler CreateTrustingHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? _, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        try { File.Delete(AuthorityPemPath); } catch (IOException) { }
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AzSync.FilesEmulator;

/// <summary>A running emulator: start it in-process from tests,
/// read its URIs and request counters, dispose to stop.</summary>
public sealed class FilesEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FilesEmulatorServer(WebApplication app, FilesEmulatorOptions options, RequestCounters counters)
    {
        _app = app;
        Options = options;
        Counters = counters;
    }

    public FilesEmulatorOptions Options { get; }
    public RequestCounters Counters { get; }
    /// <summary>http://127.0.0.1:PORT/{account}</summary>
    public Uri BaseUri { get; private set; } = null!;
    /// <summary>https://127.0.0.1:PORT/{account} when HTTPS is on.</summary>
    public Uri? HttpsBaseUri { get; private set; }
    public X509Certificate2? Certificate { get; private set; }

    public static async Task<FilesEmulatorServer> StartAsync(FilesEmulatorOptions options,
        CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        X509Certificate2? cert = null;
        if (options.HttpsPort is not null)
        {
            cert = options.CertificatePath is { } path
                ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword)
                : SelfSigned();
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, options.Port);
            if (cert is not null) k.Listen(IPAddress.Loopback, options.HttpsPort!.Value, l => l.UseHttps(cert));
        });
        var app = builder.Build();
        var counters = new RequestCounters();
        var dispatcher = new Dispatcher(options, new AccountStore(), counters);
        app.Run(dispatcher.Handle);
        await app.StartAsync(ct);
        var server = new FilesEmulatorServer(app, options, counters) { Certificate = cert };
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        foreach (var address in addresses)
        {
            var u = new Uri(address.Replace("[::]", "127.0.0.1"));
            var b = new Uri($"{u.Scheme}://127.0.0.1:{u.Port}/{options.AccountName}");
            if (u.Scheme == "https") server.HttpsBaseUri = b; else server.BaseUri = b;
        }
        return server;
    }

    /// <summary>A throwaway certificate for localhost and 127.0.0.1, so HTTPS needs no files.</summary>
    public static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var req = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var c = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(c.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Completes on Ctrl+C or SIGTERM (the host's console lifetime handles both).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

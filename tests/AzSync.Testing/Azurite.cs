using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using AzSync.Testing.FakeIdentity;

namespace AzSync.Testing;

/// <summary>
/// A real Azurite blob service (npm azurite 3.37.0) on a free loopback port, strict: no --loose, no
/// --skipApiVersionCheck. Over HTTPS it serves a certificate from the test CA; with OAuth it also takes
/// bearer tokens (Azurite's "basic" mode checks issuer, audience and lifetime, not the signature).
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string Account = "devstoreaccount1";
    public const string Key =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _dir;

    private Azurite(Process process, string dir, Uri blobEndpoint, TestCertificates? certificates)
    {
        _process = process;
        _dir = dir;
        BlobEndpoint = blobEndpoint;
        Certificates = certificates;
    }

    /// <summary>http(s)://127.0.0.1:PORT/devstoreaccount1</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The test CA and server certificate when started over HTTPS.</summary>
    public TestCertificates? Certificates { get; }

    /// <summary>PEM of the test CA when started over HTTPS, for
    /// clients that trust a file (NODE_EXTRA_CA_CERTS).</summary>
    public string? TrustFile => Certificates is null ? null : Path.Combine(_dir, "ca.pem");

    public string ContainerUrl(string container) => $"{BlobEndpoint.AbsoluteUri.TrimEnd('/')}/{container}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol={BlobEndpoint.Scheme};AccountName={Account};AccountKey={Key};" +
        $"BlobEndpoint={BlobEndpoint.AbsoluteUri.TrimEnd('/')};";

    public static async Task<Azurite> StartAsync(bool https = false, bool oauth = false)
    {
        // Azurite 3.37 needs Node 22 or later: the one pinned in tools/node, not whatever node is on PATH.
        var exe = RepoPaths.Node;
        var main = Path.Combine(RepoPaths.NodeModules, "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(exe) || !File.Exists(main))
            throw new InvalidOperationException(
                $"Azurite is not installed ({main}); run 'bash tools/install-deps.sh'.");
        var dir = Directory.CreateTempSubdirectory("azsync-azurite-").FullName;
        var port = Loopback.FreePort();
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        foreach (var a in new[] { main, "--blobHost", "127.0.0.1", "--blobPort",
            port.ToString(CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--disableTelemetry" })
            info.ArgumentList.Add(a);
        TestCertificates? certificates = null;
        if (https || oauth)
        {
            certificates = new TestCertificates();
            var cert = Path.Combine(dir, "cert.pem");
            var key = Path.Combine(dir, "key.pem");
            await File.WriteAllTextAsync(cert, certificates.Server.ExportCertificatePem());
            await File.WriteAllTextAsync(key, certificates.Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
            await File.WriteAllTextAsync(Path.Combine(dir, "ca.pem"), certificates.Authority.ExportCertificatePem());
            foreach (var a in new[] { "--cert", cert, "--key", key }) info.ArgumentList.Add(a);
            if (oauth) foreach (var a in new[] { "--oauth", "basic" }) info.ArgumentList.Add(a);
        }
        var process = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        // Azurite says when it listens: wait for that line (or its exit), not for a port polled against a deadline.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine(e.Data);
            if (e.Data?.Contains("successfully listens on", StringComparison.Ordinal) == true) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        // The patience only bounds a hang; a busy machine starts Node slowly.
        await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(2)));
        if (!listening.Task.IsCompleted)
        {
            try { process.Kill(true); } catch (InvalidOperationException) { }
            lock (output) throw new InvalidOperationException($"Azurite did not start on port {port}: {output}");
        }
        var scheme = certificates is null ? "http" : "https";
        return new Azurite(process, dir, new Uri($"{scheme}://127.0.0.1:{port}/{Account}"), certificates);
    }

    public async ValueTask DisposeAsync()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
        Certificates?.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>One Azurite for a whole test class (xunit class fixture).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public Azurite Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await Azurite.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

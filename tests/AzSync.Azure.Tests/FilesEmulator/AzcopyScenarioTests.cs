using System.Net;
using System.Security.Cryptography;
using AzSync.FilesEmulator;
using AzSync.Testing;
using Azure.Storage;
using Azure.Storage.Sas;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>
/// The emulator driven by azcopy 10.32.2: a tree with 0 B, 1 B, 4 MiB+1 and 100 MiB files, Unicode and trailing-dot
/// names, up with an account SAS and --put-md5, back with a share SAS and --check-md5, one file with a file SAS,
/// and an overwrite of a leased file refused with the documented code.
/// </summary>
[Trait("Needs", "azcopy"), Trait("Needs", "node")]
public sealed class AzcopyScenarioTests(FilesEmulatorFixture fx) : IClassFixture<FilesEmulatorFixture>
{
    private static readonly string Root = RepoPaths.Root;
    private static readonly string Azcopy =
        Path.Combine(Root, "tools/node/node_modules/@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64");
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Azcopy_scenario()
    {
        var work = Directory.CreateTempSubdirectory("azsync-azcopy-");
        try
        {
            var src = Directory.CreateDirectory(Path.Combine(work.FullName, "src"));
            var files = new Dictionary<string, byte[]>
            {
                ["empty.bin"] = [],
                ["one.bin"] = [7],
                ["big.bin"] = RandomNumberGenerator.GetBytes(4 * MiB + 1),
                ["huge.bin"] = RandomNumberGenerator.GetBytes(100 * MiB),
                ["sub/ünïcødé 文件 ✓.txt"] = "unicode"u8.ToArray(),
                ["sub/dotted."] = "dot"u8.ToArray(),
                ["sub/deeper/empty"] = [],
            };
            foreach (var (rel, data) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(src.FullName, rel))!);
                await File.WriteAllBytesAsync(Path.Combine(src.FullName, rel), data);
            }
            var share = "azcopy" + Guid.NewGuid().ToString("N")[..8];
            var c = new EmulatorClient(fx.BaseUri, fx.AccountName, fx.AccountKey);
            Assert.Equal(HttpStatusCode.Created, (await c.Send(HttpMethod.Put, $"/{share}?restype=share")).StatusCode);
            var shareUrl = $"{fx.BaseUri}/{share}";
            var env = new Dictionary<string, string>
            {
                ["AZCOPY_LOG_LOCATION"] = work.FullName,
                ["AZCOPY_JOB_PLAN_LOCATION"] = work.FullName,
                ["AZCOPY_DISABLE_SYSLOG"] = "true",
            };
            async Task<(int Exit, string Output)> Run(params string[] args) =>
                await PeerProcess.Run(Azcopy, args, work.FullName, env, 600);

            var accountSas = await PeerProcess.AccountSas(Root, fx.AccountName, fx.AccountKey);
            var up = await Run("copy", src.FullName + "/*", $"{shareUrl}?{accountSas}", "--recursive", "--from-to",
                "LocalFile", "--put-md5");
            Assert.True(up.Exit == 0, up.Output);
            Assert.Matches(@"Final Job Status: Completed\r?\n", up.Output);
            Assert.True(fx.Server.Counters["x-ms-version 2025-07-05"] > 0); // what azcopy 10.32.2 speaks to Files
            var dotted = new Dictionary<string, string> { ["x-ms-allow-trailing-dot"] = "true" };
            foreach (var (rel, data) in files)
            {
                // Stored under the exact name (trailing dot kept), with the MD5 azcopy computed.
                var head = await c.Send(HttpMethod.Head,
                    $"/{share}/{string.Join('/', rel.Split('/').Select(Uri.EscapeDataString))}", dotted);
                Assert.True(head.StatusCode == HttpStatusCode.OK, $"{rel}: {head.StatusCode}");
                Assert.Equal(data.Length, head.Content.Headers.ContentLength);
                Assert.Equal(MD5.HashData(data), head.Content.Headers.ContentMD5);
            }

            var back = Directory.CreateDirectory(Path.Combine(work.FullName, "back"));
            var shareSas = SasFor(share, null, "rl");
            var down = await Run("copy", $"{shareUrl}/*?{shareSas}", back.FullName, "--recursive", "--from-to",
                "FileLocal", "--check-md5", "FailIfDifferent");
            Assert.True(down.Exit == 0, down.Output);
            foreach (var (rel, data) in files)
                Assert.Equal(MD5.HashData(data),
                    MD5.HashData(await File.ReadAllBytesAsync(Path.Combine(back.FullName, rel))));
            Assert.Equal(files.Count, Directory.GetFiles(back.FullName, "*", SearchOption.AllDirectories).Length);

            var single = Path.Combine(work.FullName, "single.bin");
            var fileSas = SasFor(share, "big.bin", "r");
            var one = await Run("copy", $"{shareUrl}/big.bin?{fileSas}", single, "--from-to", "FileLocal",
                "--check-md5", "FailIfDifferent");
            Assert.True(one.Exit == 0, one.Output);
            Assert.Equal(files["big.bin"], await File.ReadAllBytesAsync(single));

            // A leased file is not overwritten: azcopy's write fails with the documented code and the content stays.
            var lease = new Dictionary<string, string>
            {
                ["x-ms-lease-action"] = "acquire",
                ["x-ms-lease-duration"] = "-1",
                ["x-ms-proposed-lease-id"] = Guid.NewGuid().ToString(),
            };
            Assert.Equal(HttpStatusCode.Created,
                (await c.Send(HttpMethod.Put, $"/{share}/one.bin?comp=lease", lease)).StatusCode);
            var changed = Path.Combine(work.FullName, "one.bin");
            await File.WriteAllBytesAsync(changed, [8, 9]);
            var refused = await Run("copy", changed, $"{shareUrl}/one.bin?{accountSas}", "--from-to", "LocalFile",
                "--overwrite", "true");
            Assert.NotEqual(0, refused.Exit);
            var logs = string.Concat(Directory.GetFiles(work.FullName, "*.log").Select(File.ReadAllText));
            Assert.Contains("LeaseIdMissing", refused.Output + logs);
            Assert.Equal([7], await (await c.Send(HttpMethod.Get, $"/{share}/one.bin")).Content.ReadAsByteArrayAsync());
        }
        finally { work.Delete(recursive: true); }
    }

    [Fact]
    public async Task Azcopy_lists_a_directory_over_more_than_one_page()
    {
        // The service answers at most 5000 entries a page; azcopy must follow NextMarker to see all 5001.
        var share = "azlist" + Guid.NewGuid().ToString("N")[..8];
        var c = new EmulatorClient(fx.BaseUri, fx.AccountName, fx.AccountKey);
        Assert.Equal(HttpStatusCode.Created, (await c.Send(HttpMethod.Put, $"/{share}?restype=share")).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await c.Send(HttpMethod.Put, $"/{share}/many?restype=directory")).StatusCode);
        var create = new Dictionary<string, string> { ["x-ms-type"] = "file", ["x-ms-content-length"] = "1" };
        await Parallel.ForAsync(0, 5001, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            Assert.Equal(HttpStatusCode.Created,
                (await c.Send(HttpMethod.Put, $"/{share}/many/f{i:D5}", create)).StatusCode));
        var work = Directory.CreateTempSubdirectory("azsync-azcopy-list-");
        try
        {
            var env = new Dictionary<string, string>
            {
                ["AZCOPY_LOG_LOCATION"] = work.FullName,
                ["AZCOPY_JOB_PLAN_LOCATION"] = work.FullName,
                ["AZCOPY_DISABLE_SYSLOG"] = "true",
            };
            var lists = fx.Server.Counters["ListFilesAndDirectories"];
            var listed = await PeerProcess.Run(Azcopy,
                ["list", $"{fx.BaseUri}/{share}?{SasFor(share, null, "rl")}", "--location", "File",
                "--running-tally", "--machine-readable"], work.FullName, env, 300);
            Assert.True(listed.Exit == 0, listed.Output);
            var files =
                listed.Output.Split('\n').Where(l => l.StartsWith("many/f", StringComparison.Ordinal)).ToHashSet();
            Assert.Equal(5001, files.Count);
            Assert.Contains("many/f05000; Content Length: 1", files);
            Assert.Contains("Total file size: 5001", listed.Output); // its tally also counts the two folders as "files"
            Assert.True(fx.Server.Counters["ListFilesAndDirectories"] - lists >= 2, "azcopy listed in one page");
        }
        finally { work.Delete(recursive: true); }
    }

    [Fact]
    public async Task Azcopy_with_a_bearer_token_and_the_backup_intent()
    {
        // azcopy takes its token from the Azure CLI (AZCOPY_AUTO_LOGIN_TYPE=AZCLI); a stand-in `az` first on PATH
        // hands it an Entra-shaped token. Tokens go only over TLS: the emulator's certificate is trusted through
        // SSL_CERT_FILE, and 127.0.0.1 is named a trusted suffix so azcopy sends the token there at all.
        await using var server =
            await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0, HttpsPort = 0 });
        var work = Directory.CreateTempSubdirectory("azsync-azcopy-bearer-");
        try
        {
            var pem = Path.Combine(work.FullName, "emulator.pem");
            await File.WriteAllTextAsync(pem, server.Certificate!.ExportCertificatePem());
            var bin = Directory.CreateDirectory(Path.Combine(work.FullName, "bin"));
            var az = Path.Combine(bin.FullName, "az");
            var token = EmulatorClient.Token("Storage File Data Privileged Contributor");
            await File.WriteAllTextAsync(az,
                "#!/bin/sh\nprintf " +
                "'{\"accessToken\":\"%s\",\"expiresOn\":\"%s\",\"expires_on\":%s,\"tokenType\":\"Bearer\"}\\n' "
                + $"'{token}' \"$(date -d '+1 hour' '+%Y-%m-%d %H:%M:%S.000000')\" \"$(date -d '+1 hour' +%s)\"\n");
            // azcopy's Linux binary is the peer here, so this test runs on Linux only.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var share = "bearer" + Guid.NewGuid().ToString("N")[..8];
            var c = new EmulatorClient(server.BaseUri, server.Options.AccountName, server.Options.AccountKey);
            Assert.Equal(HttpStatusCode.Created, (await c.Send(HttpMethod.Put, $"/{share}?restype=share")).StatusCode);

            var data = RandomNumberGenerator.GetBytes(4 * MiB + 1);
            var local = Path.Combine(work.FullName, "up.bin");
            await File.WriteAllBytesAsync(local, data);
            var env = new Dictionary<string, string>
            {
                ["AZCOPY_LOG_LOCATION"] = work.FullName,
                ["AZCOPY_JOB_PLAN_LOCATION"] = work.FullName,
                ["AZCOPY_DISABLE_SYSLOG"] = "true",
                ["AZCOPY_AUTO_LOGIN_TYPE"] = "AZCLI",
                ["SSL_CERT_FILE"] = pem,
                ["PATH"] = bin.FullName + ":" + Environment.GetEnvironmentVariable("PATH"),
            };
            var url = $"{server.HttpsBaseUri}/{share}/up.bin";
            var trusted = new[] { "--trusted-microsoft-suffixes", $"127.0.0.1:{server.HttpsBaseUri!.Port}" };
            var up = await PeerProcess.Run(Azcopy, ["copy", local, url, "--from-to", "LocalFile", .. trusted],
                work.FullName, env, 300);
            Assert.True(up.Exit == 0, up.Output);
            var back = Path.Combine(work.FullName, "back.bin");
            var down = await PeerProcess.Run(Azcopy, ["copy", url, back, "--from-to", "FileLocal", .. trusted],
                work.FullName, env, 300);
            Assert.True(down.Exit == 0, down.Output);
            Assert.Equal(data, await File.ReadAllBytesAsync(back));
            // the emulator refuses file APIs without it
            Assert.True(server.Counters["x-ms-file-request-intent backup"] > 0);
        }
        finally { work.Delete(recursive: true); }
    }

    /// <summary>A share SAS, or a file SAS when a path is given, built by the official .NET SDK.</summary>
    private string SasFor(string share, string? file, string permissions)
    {
        var b = new ShareSasBuilder
        {
            ShareName = share,
            FilePath = file,
            Resource = file is null ? "s" : "f",
            ExpiresOn = DateTimeOffset.UtcNow.AddHours(1)
        };
        b.SetPermissions(permissions);
        return b.ToSasQueryParameters(new StorageSharedKeyCredential(fx.AccountName, fx.AccountKey)).ToString();
    }
}

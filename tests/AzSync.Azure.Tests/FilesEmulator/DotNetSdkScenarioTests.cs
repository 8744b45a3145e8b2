using System.Security.Cryptography;
using System.Text;
using AzSync.FilesEmulator;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Files.Shares;
using Azure.Storage.Files.Shares.Models;
using Azure.Storage.Files.Shares.Specialized;
using Azure.Storage.Sas;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>An emulator with HTTPS too: the .NET SDK sends bearer tokens only over TLS.</summary>
public sealed class HttpsFilesEmulatorFixture : IAsyncLifetime
{
    public FilesEmulatorServer Server { get; private set; } = null!;
    public async Task InitializeAsync() =>
        Server = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0, HttpsPort = 0 });
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The emulator driven by Microsoft's .NET SDK (Azure.Storage.Files.Shares 12.28.0) through one broad scenario per
/// credential: Shared Key, account SAS, share SAS and a bearer token with the backup intent. A file SAS, leases,
/// ReadOnly, trailing dots, Unicode names and the documented error codes ride along.
/// </summary>
public sealed class DotNetSdkScenarioTests(HttpsFilesEmulatorFixture fx) : IClassFixture<HttpsFilesEmulatorFixture>
{
    private const int MiB = 1024 * 1024;
    private FilesEmulatorServer S => fx.Server;
    private StorageSharedKeyCredential Key => new(S.Options.AccountName, S.Options.AccountKey);

    private ShareClientOptions Options() => new()
    {
        AllowTrailingDot = true,
        AllowSourceTrailingDot = true,
        ShareTokenIntent = ShareTokenIntent.Backup,
        Transport = new HttpClientTransport(new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                cert!.Thumbprint == S.Certificate!.Thumbprint,
        })),
    };

    private ShareServiceClient Service(string mode, string share) => mode switch
    {
        "sharedkey" => new ShareServiceClient(S.BaseUri, Key, Options()),
        "account-sas" => WithSas(new AccountSasBuilder(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1),
            AccountSasServices.Files, AccountSasResourceTypes.All).ToSasQueryParameters(Key)),
        "share-sas" => WithSas(new ShareSasBuilder(ShareSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1))
        {
            ShareName = share,
        }.ToSasQueryParameters(Key)),
        "bearer" => new ShareServiceClient(S.HttpsBaseUri!, new UnsignedToken(), Options()),
        _ => throw new ArgumentException(mode),
    };

    private ShareServiceClient WithSas(SasQueryParameters sas) => new(new Uri(S.BaseUri + "?" + sas), Options());

    [Theory]
    [InlineData("sharedkey")]
    [InlineData("account-sas")]
    [InlineData("share-sas")]
    [InlineData("bearer")]
    public async Task Sdk_scenario(string mode)
    {
        var name = "net-" + mode + "-" + Guid.NewGuid().ToString("N")[..8];
        // A share SAS cannot create its share: the key does, the rest goes through the SAS only.
        if (mode == "share-sas")
            await new ShareServiceClient(S.BaseUri, Key, Options()).GetShareClient(name).CreateAsync();
        var share = Service(mode, name).GetShareClient(name);
        if (mode != "share-sas")
        {
            await share.CreateAsync();
            Assert.Equal("ShareAlreadyExists",
                (await Assert.ThrowsAsync<RequestFailedException>(() => share.CreateAsync())).ErrorCode);
        }
        Assert.NotEqual(default, (await share.GetPropertiesAsync()).Value.ETag);

        var dir = share.GetDirectoryClient("dir");
        await dir.CreateAsync();
        await PagedListing(dir);
        await Ranges(dir, big: mode == "sharedkey");
        await RenameAndLeases(dir);
        await ReadOnlyTarget(dir);
        await Names(dir);
        if (mode == "sharedkey") await FileSas(dir);

        Assert.Equal("ParentNotFound", (await Assert.ThrowsAsync<RequestFailedException>(
            () => share.GetDirectoryClient("no").GetFileClient("f").CreateAsync(1))).ErrorCode);
        Assert.Equal("ResourceNotFound", (await Assert.ThrowsAsync<RequestFailedException>(
            () => dir.GetFileClient("missing").GetPropertiesAsync())).ErrorCode);
        if (mode != "share-sas") await share.DeleteAsync();
        Assert.True(S.Counters["x-ms-version 2026-10-06"] > 0); // the SDK's default version, accepted
    }

    private static async Task PagedListing(ShareDirectoryClient dir)
    {
        var expected = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            await dir.GetFileClient($"f{i}").CreateAsync(i);
            expected.Add($"f{i}");
        }
        await dir.GetSubdirectoryClient("sub").CreateAsync();
        expected.Add("sub");
        var pages = 0;
        var seen = new List<(string Name, bool IsDir, long? Size)>();
        await foreach (var page in dir.GetFilesAndDirectoriesAsync().AsPages(pageSizeHint: 3))
        {
            pages++;
            seen.AddRange(page.Values.Select(v => (v.Name, v.IsDirectory, v.FileSize)));
        }
        Assert.Equal(3, pages);
        // The SDK lists a page's directories before its files, so only the set is in the service's order.
        Assert.Equal(expected, seen.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long?)i),
            seen.Where(s => !s.IsDir).OrderBy(s => s.Name).Select(s => s.Size));
        foreach (var n in expected.Where(n => n != "sub")) await dir.GetFileClient(n).DeleteAsync();
        await dir.GetSubdirectoryClient("sub").DeleteAsync();
    }

    private static async Task Ranges(ShareDirectoryClient dir, bool big)
    {
        var sizes = new List<long> { 0, 1, 4 * MiB + 1 };
        if (big) sizes.Add(100 * MiB); // one upload and one download, under one credential
        foreach (var size in sizes)
        {
            var data = RandomNumberGenerator.GetBytes((int)size);
            var file = dir.GetFileClient($"r{size}.bin");
            await file.CreateAsync(size);
            if (size > 0) await file.UploadAsync(new MemoryStream(data)); // the SDK has no range to put for 0 B
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            var download = await file.DownloadAsync();
            Assert.Equal(size, download.Value.ContentLength);
            var buffer = new byte[MiB];
            long total = 0;
            await using (var content = download.Value.Content)
            {
                int n;
                while ((n = await content.ReadAsync(buffer)) > 0) { md5.AppendData(buffer, 0, n); total += n; }
            }
            Assert.Equal(size, total);
            Assert.Equal(MD5.HashData(data), md5.GetHashAndReset());
            if (size > 4 * MiB)
            {
                // The service's MD5 of a 4 MiB range, which the SDK asks for and returns.
                var part = await file.DownloadAsync(RangeWithMd5(new HttpRange(1, 4 * MiB)));
                Assert.Equal(MD5.HashData(data.AsSpan(1, 4 * MiB)), part.Value.ContentHash);
                var tooBig = await Assert.ThrowsAsync<RequestFailedException>(
                    () => file.DownloadAsync(RangeWithMd5(new HttpRange(0, 4 * MiB + 1))));
                Assert.Equal(400, tooBig.Status);
            }
            await file.DeleteAsync();
        }
    }

    private static ShareFileDownloadOptions RangeWithMd5(HttpRange range) => new()
    {
        Range = range,
        TransferValidation = new DownloadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
    };

    private static async Task RenameAndLeases(ShareDirectoryClient dir)
    {
        var target = dir.GetFileClient("target.txt");
        await Upload(target, "old");
        var lease = target.GetShareLeaseClient();
        var acquired = (await lease.AcquireAsync()).Value;
        Assert.Equal(lease.LeaseId, acquired.LeaseId);
        var props = (await target.GetPropertiesAsync()).Value; // reads need no lease
        Assert.Equal((ShareLeaseState.Leased, ShareLeaseStatus.Locked, ShareLeaseDuration.Infinite),
            (props.LeaseState, props.LeaseStatus, props.LeaseDuration));
        Assert.Equal("LeaseIdMissing",
            (await Assert.ThrowsAsync<RequestFailedException>(() => target.DeleteAsync())).ErrorCode);
        Assert.Equal("LeaseIdMismatchWithFileOperation",
            (await Assert.ThrowsAsync<RequestFailedException>(() => target.DeleteAsync(
            new ShareFileRequestConditions { LeaseId = Guid.NewGuid().ToString() }))).ErrorCode);
        Assert.Equal("LeaseAlreadyPresent", (await Assert.ThrowsAsync<RequestFailedException>(
            () => target.GetShareLeaseClient(Guid.NewGuid().ToString()).AcquireAsync())).ErrorCode);

        var staged = dir.GetFileClient("staged.tmp");
        await Upload(staged, "new content");
        var replace = new ShareFileRenameOptions { ReplaceIfExists = true };
        Assert.Equal("LeaseIdMissing", (await Assert.ThrowsAsync<RequestFailedException>(
            () => staged.RenameAsync("dir/target.txt", replace))).ErrorCode);
        replace.DestinationConditions = new ShareFileRequestConditions { LeaseId = lease.LeaseId };
        var renamed = (await staged.RenameAsync("dir/target.txt", replace)).Value;
        Assert.Equal("new content", await Read(renamed));

        // A second lease on the renamed file: change, break, release.
        var second = renamed.GetShareLeaseClient();
        await second.AcquireAsync();
        var changedTo = Guid.NewGuid().ToString();
        Assert.Equal(changedTo, (await second.ChangeAsync(changedTo)).Value.LeaseId);
        await renamed.GetShareLeaseClient().BreakAsync();
        Assert.Equal(ShareLeaseState.Broken, (await renamed.GetPropertiesAsync()).Value.LeaseState);
        await renamed.DeleteAsync(); // a broken lease no longer guards writes
    }

    private static async Task ReadOnlyTarget(ShareDirectoryClient dir)
    {
        var target = dir.GetFileClient("ro.txt");
        var readOnly = new FileSmbProperties { FileAttributes = NtfsFileAttributes.ReadOnly };
        await target.CreateAsync(2, new ShareFileCreateOptions { SmbProperties = readOnly });
        Assert.Equal("ReadOnlyAttribute",
            (await Assert.ThrowsAsync<RequestFailedException>(() => target.DeleteAsync())).ErrorCode);
        var staged = dir.GetFileClient("ro.tmp");
        await Upload(staged, "replacement");
        Assert.Equal("ReadOnlyAttribute", (await Assert.ThrowsAsync<RequestFailedException>(
            () => staged.RenameAsync("dir/ro.txt", new ShareFileRenameOptions { ReplaceIfExists = true }))).ErrorCode);
        var renamed = (await staged.RenameAsync("dir/ro.txt",
            new ShareFileRenameOptions { ReplaceIfExists = true, IgnoreReadOnly = true })).Value;
        Assert.Equal("replacement", await Read(renamed));
        await renamed.DeleteAsync();
    }

    private static async Task Names(ShareDirectoryClient dir)
    {
        // Trailing dots are kept with AllowTrailingDot; Unicode names round-trip through the path and the listing.
        string[] names = ["dotted.", "ünïcødé 文件 ✓.txt", "spaces and %25.txt"];
        foreach (var n in names) await Upload(dir.GetFileClient(n), n);
        var listed = new List<string>();
        await foreach (var item in dir.GetFilesAndDirectoriesAsync()) listed.Add(item.Name);
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), listed.Order(StringComparer.OrdinalIgnoreCase));
        foreach (var n in names)
        {
            Assert.Equal(n, await Read(dir.GetFileClient(n)));
            await dir.GetFileClient(n).DeleteAsync();
        }
    }

    private async Task FileSas(ShareDirectoryClient dir)
    {
        var file = dir.GetFileClient("sas.txt");
        await Upload(file, "through a file SAS");
        var readOnly = new ShareFileClient(
            file.GenerateSasUri(ShareFileSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1)), Options());
        Assert.Equal("through a file SAS", await Read(readOnly));
        Assert.Equal("AuthorizationPermissionMismatch",
            (await Assert.ThrowsAsync<RequestFailedException>(() => readOnly.DeleteAsync())).ErrorCode);
        var other = new ShareFileClient(new Uri(dir.GetFileClient("other.txt").Uri + readOnly.Uri.Query), Options());
        Assert.Equal("AuthenticationFailed",
            (await Assert.ThrowsAsync<RequestFailedException>(() => other.GetPropertiesAsync())).ErrorCode);
        await file.DeleteAsync();
    }

    private static async Task Upload(ShareFileClient file, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await file.CreateAsync(bytes.Length);
        await file.UploadAsync(new MemoryStream(bytes));
    }

    private static async Task<string> Read(ShareFileClient file)
    {
        var download = await file.DownloadAsync();
        using var reader = new StreamReader(download.Value.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>An Entra-shaped token for Files with the backup role;
    /// the emulator reads its claims, not its signature.</summary>
    private sealed class UnsignedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(EmulatorClient.Token("Storage File Data Privileged Contributor"), DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext,
            CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}

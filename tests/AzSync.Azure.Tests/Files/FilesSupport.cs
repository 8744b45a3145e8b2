using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Files.Shares;
using Azure.Storage.Files.Shares.Models;
using AzSync.Azure.Files;
using AzSync.Azure.Rest;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

internal static class FilesSupport
{
    public static async Task<FileShareStore> NewStoreAsync(FilesEmulatorFixture emulator, string? share = null,
        string directory = "site", bool create = true,
        FileShareStoreOptions? options = null)
    {
        share ??= "s" + Guid.NewGuid().ToString("N")[..12];
        var url =
            $"{emulator.BaseUri.AbsoluteUri.TrimEnd('/')}/{share}" + (directory.Length > 0 ? "/" + directory : "");
        Assert.True(FileShareDestination.TryParse(url, false, out var destination, out var error), error);
        var store = FileShareStore.Open(destination, new StorageCredential.SharedKey(emulator.AccountName,
            emulator.AccountKey, "test key"), options);
        if (create) await store.PrepareAsync(createIfMissing: true, default);
        return store;
    }

    /// <summary>
    /// Store options whose SDK pipeline carries the policies on every try, with quick retries; the store's notes go
    /// to <paramref name="notes"/>.
    /// </summary>
    public static FileShareStoreOptions With(HttpPipelinePolicy? policy = null, int? maxRetries = null,
        HttpPipelinePolicy? second = null,
        List<string>? notes = null)
    {
        var client = FileShareClients.DefaultOptions();
        client.Retry.Delay = TimeSpan.FromMilliseconds(10);
        if (maxRetries is { } n) client.Retry.MaxRetries = n;
        client.RetryPolicy = new StorageRetryPolicy(client.Retry); // takes the delay when built
        foreach (var p in new[] { policy, second }.OfType<HttpPipelinePolicy>()) client.AddPolicy(p,
            HttpPipelinePosition.PerRetry);
        return new FileShareStoreOptions
        {
            Client = client,
            Note = notes is null ? null : n => { lock (notes) notes.Add(n); }
        };
    }

    /// <summary>The official SDK on the share with the account key: another writer, behind a store's back.</summary>
    public static ShareClient Raw(FilesEmulatorFixture emulator, string share) =>
        new(new Uri($"{emulator.BaseUri.AbsoluteUri.TrimEnd('/')}/{share}"),
            new StorageSharedKeyCredential(emulator.AccountName, emulator.AccountKey),
            new ShareClientOptions(ShareClientOptions.ServiceVersion.V2025_11_05) { AllowTrailingDot = true });

    public static ShareFileClient RawFile(FilesEmulatorFixture emulator, string share, string path) =>
        Raw(emulator, share).GetRootDirectoryClient().GetSubdirectoryClient(Path.GetDirectoryName(path)!.Replace('\\',
            '/'))
            .GetFileClient(Path.GetFileName(path));

    /// <summary>Writes a whole file as another client would: create, then its ranges.</summary>
    public static async Task UploadAsync(ShareFileClient file, byte[] content, ShareFileHttpHeaders? headers = null)
    {
        await file.CreateAsync(content.Length, new ShareFileCreateOptions { HttpHeaders = headers });
        for (var at = 0; at < content.Length; at += 4 << 20)
        {
            var length = Math.Min(4 << 20, content.Length - at);
            await file.UploadRangeAsync(new HttpRange(at, length), new MemoryStream(content, at, length));
        }
    }

    /// <summary>Requests the emulator served since the snapshot (its per-version counters left out).</summary>
    public static int OperationsSince(FilesEmulatorFixture emulator, IReadOnlyDictionary<string, int> before) =>
        emulator.Server.Counters.Snapshot().Where(kv => !kv.Key.StartsWith("x-ms-version", StringComparison.Ordinal))
            .Sum(kv => kv.Value - before.GetValueOrDefault(kv.Key));

    /// <summary>A share SAS made by the official JS SDK, so our SAS handling meets another implementation.</summary>
    public static async Task<string> SasAsync(FilesEmulatorFixture emulator, string share, string permissions)
    {
        var script = $$"""
            const f = require('@azure/storage-file-share');
            const key = new f.StorageSharedKeyCredential('{{emulator.AccountName}}', '{{emulator.AccountKey}}');
            console.log(f.generateFileSASQueryParameters({
              shareName: '{{share}}', permissions: f.ShareSASPermissions.parse('{{permissions}}'),
              expiresOn: new Date(Date.now() + 3600000) }, key).toString());
            """;
        var result = await ChildProcess.RunAsync("node", ["-e", script], Path.Combine(RepoPaths.Root, "tools", "node"));
        Assert.True(result.ExitCode == 0, result.All);
        return result.StdOut.Trim();
    }
}

/// <summary>Every request a store sends (each try), with its headers: what the tests hold the wire to.</summary>
public sealed class RecordingPolicy : HttpPipelineSynchronousPolicy
{
    public sealed record Sent(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers);

    private readonly List<Sent> _sent = [];

    public IReadOnlyList<Sent> Requests
    {
        get { lock (_sent) return _sent.ToList(); }
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var headers = message.Request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        lock (_sent) _sent.Add(new Sent(message.Request.Method.Method, Uri.UnescapeDataString(uri.AbsolutePath),
            uri.Query, headers));
    }
}

/// <summary>Runs <paramref name="action"/> once, just before (or just after) the first request that matches.</summary>
public sealed class OncePolicy(Func<HttpMessage, bool> matches, Func<Task> action,
    bool after = false) : HttpPipelinePolicy
{
    private int _done;
    public bool Ran => _done == 1;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var run = matches(message) && Interlocked.Exchange(ref _done, 1) == 0;
        if (run && !after) await action();
        await ProcessNextAsync(message, pipeline);
        if (run && after) await action();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}

/// <summary>A process killed at a point: the first matching request goes through, nothing after it does.</summary>
public sealed class DeadAfter(Func<HttpMessage, bool> matches) : HttpPipelinePolicy
{
    private int _dead;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Volatile.Read(ref _dead) == 1) throw new OperationCanceledException("the process is gone");
        await ProcessNextAsync(message, pipeline);
        if (matches(message)) Interlocked.Exchange(ref _dead, 1);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}

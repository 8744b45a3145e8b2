using System.Security.Cryptography;
using System.Text.Json;
using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>
/// The built tool against Azurite behind a proxy that holds or loses chosen requests: the stored MD5 is always the
/// MD5 of the stored bytes, and a delete whose answer was lost is still a delete.
/// </summary>
[Trait("Needs", "azurite")]
[Trait("Needs", "node")]
public sealed class BlobIntegrityEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly E2eTempDir _dir = new();
    private Azurite _azurite = null!;
    private FaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _proxy = await FaultProxy.StartAsync(_azurite.BlobEndpoint);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string?> Env =>
        new() { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };

    private string Url(string container) => $"{_proxy.Endpoint.AbsoluteUri.TrimEnd('/')}/{container}";

    [Fact]
    public async Task
        A_file_replaced_after_hashing_is_refused_as_changed_while_syncing_and_never_stored_under_the_old_md5()
    {
        await _azurite.CreateContainerAsync("changing");
        _dir.WriteSource("a-first.txt", "first");
        var big = RandomNumberGenerator.GetBytes(9 << 20);
        _dir.WriteSource("b-big.bin", big);
        _dir.WriteSource("c-small.txt", "small, as hashed");
        var medium = RandomNumberGenerator.GetBytes(3 << 20); // one Put Blob, streamed rather than buffered
        _dir.WriteSource("d-medium.bin", medium);
        // The plan has hashed every file before the first upload goes out: hold that upload, replace the others.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _proxy.Hold = request =>
        {
            if (request.Method != "PUT" || !request.Path.Value!.EndsWith("/a-first.txt", StringComparison.Ordinal))
                return Task.CompletedTask;
            held.TrySetResult();
            return release.Task;
        };
        var run = AzSyncProcess.Default.Start(
            ["sync", "--destination-type", "blob", _dir.Source, Url("changing"), "--parallel", "1", "-o", "json"],
            environment: Env);
        await held.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var edited = (byte[])big.Clone();
        edited[5 << 20] ^= 0xFF; // same size, other bytes
        _dir.WriteSource("b-big.bin", edited);
        _dir.WriteSource("c-small.txt", "small, but rewritten");
        medium[1000] ^= 0xFF;
        _dir.WriteSource("d-medium.bin", medium);
        release.SetResult();
        var result = await run.WaitAndDisposeAsync(TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("b-big.bin' changed while syncing", result.StdOut + result.StdErr);
        Assert.Contains("c-small.txt' changed while syncing", result.StdOut + result.StdErr);
        Assert.Contains("d-medium.bin' changed while syncing", result.StdOut + result.StdErr);
        var totals = JsonDocument.Parse(result.StdOut).RootElement.GetProperty("totals");
        Assert.Equal(1, totals.GetProperty("uploaded").GetInt32());
        var stored = await _azurite.ReadContainerAsync("changing");
        var md5s = await _azurite.ContentMd5sAsync("changing");
        Assert.Equal(["a-first.txt"], stored.Keys.Order());
        foreach (var (name, bytes) in stored) Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), md5s[name]);
    }

    [Fact]
    public async Task A_delete_whose_answer_was_lost_is_a_delete_not_a_conflict()
    {
        _dir.WriteSource("keep.txt", "keep");
        _dir.WriteSource("gone.txt", "gone");
        var first = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", _dir.Source, Url("deleting"), "--create-container"],
            environment: Env);
        Assert.True(first.ExitCode == 0, first.ToString());
        File.Delete(_dir.Src("gone.txt"));
        _proxy.LoseFirstAnswer = request => request.Method == "DELETE";

        var second = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", _dir.Source, Url("deleting"), "--delete",
            "--max-delete", "100%", "-o", "json"], environment: Env);

        Assert.Equal(1, _proxy.Lost);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(
            1, JsonDocument.Parse(second.StdOut).RootElement.GetProperty("totals").GetProperty("deleted").GetInt32());
        Assert.Equal(["keep.txt"], (await _azurite.ListBlobsAsync("deleting")).Keys);
    }
}

using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>A destination that does not answer (nothing listens on the port, the name does not resolve) ends, after
/// Azure.Core's retries, in one line naming the host and the reason: exit 1, never an unexpected error, no
/// secret.</summary>
[StartsFirst]
public sealed class UnreachableEndToEndTests : OneFileSourceTest
{
    private const string Sig = "SIG-NOT-TO-BE-SHOWN";
    private const string Hint = "check the destination URL and the network.";

    private Dictionary<string, string?> Env() => CredentialEnv.Only(Dir);

    private Dictionary<string, string?> KeyEnv() => CredentialEnv.Only(Dir, ("AZURE_STORAGE_KEY", Azurite.Key));

    [Fact]
    public async Task Blob_files_and_auth_status_name_the_host_and_the_reason_once_and_exit_1()
    {
        var port = Loopback.FreePort();
        var sas = $"?sv=2024-11-04&sp=racwdl&sig={Sig}";
        var account = $"http://127.0.0.1:{port}/devstoreaccount1";
        var cases = new (string[] Args, Dictionary<string, string?> Env, string Line)[]
        {
            (["sync", Dir.Source, $"{account}/cont1", "--destination-type", "blob"], KeyEnv(),
                $"error: cannot reach 127.0.0.1:{port} (connection refused) after 6 attempts; {Hint}"),
            (["plan", Dir.Source, $"{account}/share1{sas}", "--destination-type", "file"], Env(),
                $"error: cannot reach 127.0.0.1:{port} (connection refused) after 6 attempts; {Hint}"),
            (["sync", Dir.Source, "https://acct.blob.nonexistent.invalid/cont1"], KeyEnv(),
                // A name that does not resolve gets one quick retry, not six attempts.
                $"error: cannot reach acct.blob.nonexistent.invalid (unknown host) after 2 attempts; {Hint}"),
            (["sync", Dir.Source, $"https://acct.file.nonexistent.invalid/share1{sas}"], Env(),
                // The shared SDK retry policy tries an unknown host only once more (Rest/SdkClientOptions.cs).
                $"error: cannot reach acct.file.nonexistent.invalid (unknown host) after 2 attempts; {Hint}"),
            (["auth", "status", $"{account}/cont1{sas}", "--destination-type", "blob"], Env(),
                $"error: cannot reach 127.0.0.1:{port} (connection refused) after 6 attempts; {Hint}"),
        };
        // Each run waits out the retries (about 12 s): together, not one after another.
        var results = await Task.WhenAll(cases.Select(c => AzSyncProcess.Default.RunAsync(c.Args, Dir.Root, c.Env)));

        foreach (var (result, expected) in results.Zip(cases.Select(c => c.Line)))
        {
            result.ShouldExit(1);
            Assert.True(result.StdErr.Trim() == expected, result.ToString());
            Assert.DoesNotContain(Sig, result.StdOut + result.StdErr);
            Assert.DoesNotContain(Azurite.Key, result.StdOut + result.StdErr);
        }
        Assert.Contains("Credential: sas", results[^1].StdOut);
    }

    [Fact]
    public async Task Ctrl_C_while_retrying_an_unreachable_destination_exits_130()
    {
        // A destination that drops the first connection and holds the retry open without answering: the test
        // knows the run is among the attempts when the second connection arrives, however slow the machine.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/devstoreaccount1/cont1";
        using var run = AzSyncProcess.Default.Start(
            ["sync", Dir.Source, url, "--destination-type", "blob"], Dir.Root, KeyEnv(), defaultSigint: true);
        var timeout = TimeSpan.FromSeconds(60);
        using (var first = await listener.AcceptTcpClientAsync().WaitAsync(timeout))
            first.Client.Close();
        using var retry = await listener.AcceptTcpClientAsync().WaitAsync(timeout);
        Assert.False(run.HasExited, "the run ended before it could be interrupted");
        await run.InterruptAsync();
        var result = (await run.WaitAsync(timeout)).ShouldExit(130);
        Assert.Contains("Cancelled", result.StdErr);
        Assert.DoesNotContain("unexpected", result.StdErr);
    }
}

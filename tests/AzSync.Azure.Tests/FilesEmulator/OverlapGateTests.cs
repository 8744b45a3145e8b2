using System.Net;
using AzSync.FilesEmulator;
using AzSync.Testing;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>The emulator's BeforeRun hook with an OverlapGate
/// holds answers until enough requests wait together.</summary>
public sealed class OverlapGateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static Task<HttpResponseMessage>[] CreateDirectories(FilesEmulatorServer server, string share, int n)
    {
        var client = new EmulatorClient(server.BaseUri, server.Options.AccountName, server.Options.AccountKey);
        return Enumerable.Range(0, n).Select(i => client.Send(HttpMethod.Put, $"/{share}/d{i}?restype=directory"))
            .ToArray();
    }

    private static async Task<(FilesEmulatorServer Server, string Share)> StartAsync(OverlapGate gate)
    {
        var server = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0 });
        var client = new EmulatorClient(server.BaseUri, server.Options.AccountName, server.Options.AccountKey);
        Assert.Equal(HttpStatusCode.Created, (await client.Send(HttpMethod.Put, "/share1?restype=share")).StatusCode);
        server.Options.BeforeRun = gate.HoldAsync;
        return (server, "share1");
    }

    [Fact]
    public async Task Eight_requests_at_once_open_a_gate_of_eight_and_all_are_answered()
    {
        var gate = new OverlapGate(8);
        var (server, share) = await StartAsync(gate);
        await using var _ = server;

        var answers = await Task.WhenAll(CreateDirectories(server, share, 8)).WaitAsync(Deadline);

        Assert.True(gate.Reached.IsCompletedSuccessfully);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal(8, server.Counters.PeakInFlight);
    }

    [Fact]
    public async Task Fewer_requests_than_the_count_stay_held_until_the_test_opens_the_gate()
    {
        var gate = new OverlapGate(9);
        var (server, share) = await StartAsync(gate);
        await using var _ = server;
        // Counted once the gate holds the request (HoldAsync counts before it first waits): the test awaits the
        // eighth arrival, however slowly the machine runs.
        var arrived = new EventCounter();
        server.Options.BeforeRun = (op, path, ct) =>
        {
            var held = gate.HoldAsync(op, path, ct);
            arrived.Increment();
            return held;
        };

        var sent = CreateDirectories(server, share, 8);
        await arrived.WhenReached(8).WaitAsync(Deadline);
        Assert.Equal(8, gate.Held);
        Assert.False(gate.Reached.IsCompleted);
        Assert.DoesNotContain(sent, t => t.IsCompleted);

        gate.Open();
        var answers = await Task.WhenAll(sent).WaitAsync(Deadline);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.False(gate.Reached.IsCompleted);
    }
}

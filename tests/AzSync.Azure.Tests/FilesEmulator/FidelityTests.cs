using System.Net;
using AzSync.FilesEmulator;
using AzSync.Testing;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>The emulator against real clients: the official JS
/// SDK (tools/node/files-fidelity.mjs) and azcopy.</summary>
[Trait("Needs", "azcopy"), Trait("Needs", "node")]
public sealed class FidelityTests(FilesEmulatorFixture fx) : IClassFixture<FilesEmulatorFixture>
{
    private static readonly string Root = RepoPaths.Root;

    [Theory]
    [InlineData("sharedkey")]
    [InlineData("sas")]
    [InlineData("share-sas")]
    public async Task Js_sdk_round_trip(string mode)
    {
        var before = fx.Server.Counters["PutRange"];
        var (exit, output) = await PeerProcess.Run("node",
            [Path.Combine(Root, "tools/node/files-fidelity.mjs"), fx.BaseUri.ToString(), mode], Root);
        Assert.True(exit == 0, output);
        Assert.Contains($"files-fidelity {mode}: OK", output);
        // 1 B + (4 MiB+1 in two ranges) + a write under a lease, and 100 MiB in 25 ranges with the key: the SDK
        // really wrote through Put Range.
        var ranges = fx.Server.Counters["PutRange"] - before;
        Assert.True(ranges >= (mode == "sharedkey" ? 29 : 4), $"PutRange calls: {ranges}");
        Assert.True(fx.Server.Counters["x-ms-version 2026-10-06"] > 0); // what @azure/storage-file-share 12.33.0 speaks
    }

    [Fact]
    public async Task Js_sdk_round_trip_with_a_bearer_token_and_the_backup_intent()
    {
        // The SDK sends tokens only over TLS: an emulator with HTTPS, its certificate trusted by node for this run.
        await using var server =
            await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0, HttpsPort = 0 });
        var pem = Path.Combine(Path.GetTempPath(), $"azsync-emulator-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(pem, server.Certificate!.ExportCertificatePem());
        try
        {
            var env = new Dictionary<string, string>
            {
                ["NODE_EXTRA_CA_CERTS"] = pem,
                ["EMULATOR_TOKEN"] = EmulatorClient.Token("Storage File Data Privileged Contributor"),
            };
            var (exit, output) = await PeerProcess.Run("node",
                [Path.Combine(Root, "tools/node/files-fidelity.mjs"), server.HttpsBaseUri!.ToString(), "bearer"], Root,
                    env);
            Assert.True(exit == 0, output);
            Assert.Contains("files-fidelity bearer: OK", output);
            Assert.True(server.Counters["x-ms-file-request-intent backup"] > 0);
        }
        finally { File.Delete(pem); }
    }

    [Fact]
    public async Task Js_sdk_with_a_wrong_key_is_refused()
    {
        var env = new Dictionary<string, string> { ["EMULATOR_KEY"] = Convert.ToBase64String(new byte[64]) };
        var (exit, output) = await PeerProcess.Run("node",
            [Path.Combine(Root, "tools/node/files-fidelity.mjs"), fx.BaseUri.ToString(), "sharedkey"], Root, env);
        Assert.NotEqual(0, exit);
        Assert.Contains("AuthenticationFailed", output);
    }

    [Fact]
    public async Task Sas_permissions_are_enforced_and_signatures_verified()
    {
        var c = new EmulatorClient(fx.BaseUri, fx.AccountName, fx.AccountKey);
        var share = "sas" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await c.Send(HttpMethod.Put, $"/{share}?restype=share")).StatusCode);
        var readOnly = await PeerProcess.AccountSas(Root, fx.AccountName, fx.AccountKey, "rl");
        using var http = new HttpClient();
        var create = new HttpRequestMessage(HttpMethod.Put, $"{fx.BaseUri}/{share}/d?restype=directory&{readOnly}");
        create.Headers.Add("x-ms-version", "2025-05-05");
        var denied = await http.SendAsync(create);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("AuthorizationPermissionMismatch", await EmulatorClient.ErrorCode(denied));
        var list = await http.GetAsync($"{fx.BaseUri}/{share}?restype=directory&comp=list&{readOnly}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var tampered = readOnly.Replace("sp=rl", "sp=rwdlc");
        var forged = await http.GetAsync($"{fx.BaseUri}/{share}?restype=directory&comp=list&{tampered}");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("AuthenticationFailed", await EmulatorClient.ErrorCode(forged));
    }
}

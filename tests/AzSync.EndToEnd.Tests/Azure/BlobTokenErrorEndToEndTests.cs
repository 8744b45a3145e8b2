using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>A client secret the identity provider refuses: its error code and description reach the user, the
/// secret never does; exit 3.</summary>
[Trait("Needs", "azurite")]
public sealed class BlobTokenErrorEndToEndTests : TokenTestBase
{
    [Fact]
    public async Task A_wrong_client_secret_shows_the_providers_code_and_description_never_the_secret()
    {
        const string clientId = "33333333-0000-0000-0000-000000000001";
        const string wrong = "WRONG-CLIENT-SECRET-NOT-TO-BE-SHOWN";
        Identity.AddClientSecret(clientId, "the-right-secret");

        var result = await AzSyncProcess.Default.RunAsync(SyncArgs("refused"),
            environment: Env(("AZURE_CLIENT_ID", clientId), ("AZURE_CLIENT_SECRET", wrong)), timeout: RunTimeout);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.True(result.StdErr.Contains("invalid_client", StringComparison.Ordinal), result.ToString());
        Assert.True(result.StdErr.Contains("AADSTS7000215: Invalid client secret provided", StringComparison.Ordinal),
            result.ToString());
        Assert.DoesNotContain("the-right-secret", result.StdOut + result.StdErr);
        AssertNoToken(result, wrong);
    }
}

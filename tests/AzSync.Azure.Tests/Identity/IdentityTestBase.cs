using Azure.Core;
using Azure.Core.Pipeline;
using AzSync.Azure.Identity;
using AzSync.Azure.Rest;
using AzSync.Testing.FakeIdentity;

namespace AzSync.Azure.Tests.Identity;

/// <summary>A fake identity server per test class, an environment pointing at it, and a secret scanner.</summary>
public abstract class IdentityTestBase : IAsyncLifetime
{
    protected FakeIdentityServer Server { get; private set; } = null!;
    protected HttpPipelineTransport Transport { get; private set; } = null!;
    protected string TempDir { get; } = Directory.CreateTempSubdirectory("azsync-identity-").FullName;
    protected const string Tenant = "72f988bf-0000-0000-0000-00000000tena";
    protected const string ClientId = "c1e47000-0000-0000-0000-00000000c1e4";
    /// <summary>Everything a test saw (messages, prompts, explanations), scanned for secrets at the end.</summary>
    protected List<string> Seen { get; } = [];
    protected List<string> Secrets { get; } = [];

    public async Task InitializeAsync()
    {
        Server = await FakeIdentityServer.StartAsync();
        Transport = new HttpClientTransport(Server.Certificates.CreateTrustingHandler());
        Secrets.AddRange([Server.GitHubRequestToken, Server.AzureDevOpsSystemToken, Server.IdentityHeader]);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(TempDir, recursive: true);
    }

    protected Dictionary<string, string?> Env(params (string, string)[] vars)
    {
        var d = new Dictionary<string, string?>
        {
            ["PATH"] = Path.Combine(TempDir, "nobin"),
            ["AZSYNC_CONFIG_DIR"] = Path.Combine(TempDir, "config"),
            ["AZURE_AUTHORITY_HOST"] = Server.HttpsBase.ToString(),
        };
        foreach (var (k, v) in vars) d[k] = v;
        return d;
    }

    private protected CredentialChoice Choose(Dictionary<string, string?> env, AuthMode? mode = null,
        TextWriter? prompt = null, bool interactive = false)
    {
        var choice = CredentialChooser.Choose(new AuthRequest
        {
            Mode = mode,
            AccountName = "acct",
            Environment = env,
            Transport = Transport,
            Prompt = prompt,
            StdinInteractive = interactive,
            StdoutInteractive = interactive,
        });
        Seen.Add($"{choice} {choice.Credential} {string.Join("; ", choice.Skipped)}");
        return choice;
    }

    private protected async Task<AccessToken> TokenAsync(CredentialChoice choice)
    {
        var credential = Assert.IsType<StorageCredential.Token>(choice.Credential).Credential;
        var token = await credential.GetTokenAsync(new TokenRequestContext([CredentialChooser.StorageScope]),
            CancellationToken.None);
        Secrets.Add(token.Token);
        return token;
    }

    private protected async Task<Exception> FailsAsync(CredentialChoice choice)
    {
        var credential = Assert.IsType<StorageCredential.Token>(choice.Credential).Credential;
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await credential.GetTokenAsync(new TokenRequestContext([CredentialChooser.StorageScope]),
                CancellationToken.None));
        for (var x = e; x is not null; x = x.InnerException) Seen.Add(x.Message + " " + x);
        return e;
    }

    protected void AssertNoSecretsSeen()
    {
        foreach (var text in Seen)
            foreach (var secret in Secrets.Where(s => s.Length > 0))
                Assert.False(text.Contains(secret, StringComparison.Ordinal),
                    $"a secret leaked into: {text[..Math.Min(200, text.Length)]}");
    }
}

[CollectionDefinition("ProcessEnvironment", DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

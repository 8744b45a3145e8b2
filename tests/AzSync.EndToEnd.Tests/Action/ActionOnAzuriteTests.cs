using System.Globalization;
using AzSync.Testing;
using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>
/// One Azurite with OAuth over HTTPS (and the fake Entra ID / GitHub OIDC endpoint), one plain Azurite, and one tool
/// cache: the action installs the packed tool once for the whole class, as a runner's tool cache would.
/// </summary>
public sealed class ActionAzuriteFixture : IAsyncLifetime
{
    public OAuthWorld World { get; private set; } = null!;
    public Azurite Plain { get; private set; } = null!;
    public string ToolCache { get; } = Directory.CreateTempSubdirectory("azsync-action-toolcache-").FullName;

    public async Task InitializeAsync()
    {
        World = await OAuthWorld.StartAsync();
        Plain = await Azurite.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await World.DisposeAsync();
        await Plain.DisposeAsync();
        try { Directory.Delete(ToolCache, true); } catch (IOException) { }
    }

    /// <summary>A runner job with `permissions: id-token: write`: the ID token request variables, the fakes' trust and
    /// authority, but no AZURE_CLIENT_ID or AZURE_TENANT_ID, so those can only come from the inputs.</summary>
    public ActionSandbox OidcJob(PackedTool tool, string clientId)
    {
        var box = new ActionSandbox(tool);
        box.Runner.ToolCache = ToolCache;
        box.WriteSite();
        foreach (var (name, value) in World.Environment(World.GitHubOidc(clientId)))
            if (name is not ("AZURE_CLIENT_ID" or "AZURE_TENANT_ID")) box.Runner.ExtraEnv[name] = value;
        return box;
    }

    /// <summary>What a token run must never print: the runner's request token, GitHub's ID tokens, Entra's access
    /// tokens.</summary>
    public string[] Tokens()
    {
        var identity = World.Identity;
        Assert.NotEmpty(identity.AcceptedAssertions);
        Assert.NotEmpty(identity.IssuedAccessTokens);
        return [identity.GitHubRequestToken, .. identity.AcceptedAssertions, .. identity.IssuedAccessTokens];
    }
}

/// <summary>The action's steps, run as the runner runs them, uploading to a real Azurite with each kind of
/// credential.</summary>
[Collection(ActionCollection.Name)]
[Trait("Needs", "azurite"), Trait("Needs", "node"), Trait("Needs", "pack")]
public sealed class ActionOnAzuriteTests(PackedTool tool, ActionAzuriteFixture azure)
    : IClassFixture<ActionAzuriteFixture>
{
    internal const string ClientId = "6a7c0000-1111-2222-3333-444455556666";
    internal static readonly SortedDictionary<string, long> Site = new(StringComparer.Ordinal)
    {
        ["about/index.html"] = 14,
        ["css/site.css"] = 18,
        ["drafts/wip.html"] = 14,
        ["index.html"] = 13,
    };

    // Azurite listens on a free port, so its URL cannot tell Blob from Files the way *.blob.core.windows.net does.
    private static readonly (string, string) BlobOnAnyPort = ("args", "--destination-type blob");

    private ActionSandbox OidcJob() => azure.OidcJob(tool, ClientId);

    private ActionRun RunOidc(ActionSandbox box, string container, params (string, string)[] more) =>
        box.Run([("source", "site"), ("destination", azure.World.Azurite.ContainerUrl(container)),
            ("client-id", ClientId), ("tenant-id", OAuthWorld.Tenant), BlobOnAnyPort, .. more]);

    private string[] Tokens() => azure.Tokens();

    [Fact]
    public async Task GitHub_oidc_from_client_and_tenant_inputs_uploads_and_a_rerun_changes_nothing()
    {
        using var box = OidcJob();
        var azurite = azure.World.Azurite;
        await azurite.CreateContainerAsync("oidc");
        var asked = azure.World.Identity.Count("github");

        var first = RunOidc(box, "oidc");

        Assert.True(first.Succeeded, first.Log);
        Assert.True(azure.World.Identity.Count("github") > asked, "the runner's ID token endpoint was never asked");
        Assert.Equal(Site, await azurite.ListBlobsAsync("oidc"));
        Assert.Equal("true", first.Outputs["changed"]);
        Assert.Equal("4", first.Outputs["uploaded"]);
        Assert.Equal(Site.Values.Sum().ToString(CultureInfo.InvariantCulture), first.Outputs["bytes"]);
        using (var report = ActionSandbox.ReadReport(first))
            Assert.Equal(4, report.RootElement.GetProperty("totals").GetProperty("uploaded").GetInt32());
        Assert.Contains("### azsync sync to", first.Summary);
        Assert.Contains("| uploaded | 4 (4 new, 0 changed) |", first.Summary);
        foreach (var path in Site.Keys) Assert.Contains($"| `{path}` | upload new |", first.Summary);

        var second = RunOidc(box, "oidc");

        Assert.True(second.Succeeded, second.Log);
        Assert.Equal("false", second.Outputs["changed"]);
        Assert.Equal("0", second.Outputs["uploaded"]);
        Assert.Equal("4", second.Outputs["unchanged"]);
        Assert.Contains("| unchanged | 4 |", second.Summary);
        var tokens = Tokens();
        ActionSecretTests.AssertNowhereElse(first, tokens);
        ActionSecretTests.AssertNowhereElse(second, tokens);
    }

    [Fact]
    public async Task A_dry_run_on_a_pull_request_uploads_nothing_and_puts_the_plan_in_the_summary()
    {
        using var box = OidcJob();
        box.Runner.ExtraEnv["GITHUB_EVENT_NAME"] = "pull_request";
        box.Runner.ExtraEnv["GITHUB_REF"] = "refs/pull/7/merge";
        var azurite = azure.World.Azurite;
        await azurite.CreateContainerAsync("preview");
        await azurite.PutBlobAsync("preview", "index.html", "stale");

        var run = RunOidc(box, "preview", ("dry-run", "true"));

        Assert.True(run.Succeeded, run.Log);
        Assert.Equal(
            new SortedDictionary<string, long> { ["index.html"] = 5 }, await azurite.ListBlobsAsync("preview"));
        Assert.Equal("true", run.Outputs["changed"]);
        Assert.Equal("4", run.Outputs["uploaded"]);
        Assert.Contains("### azsync plan for", run.Summary);
        Assert.Contains("| to upload (new) | 3 |", run.Summary);
        Assert.Contains("| to upload (changed) | 1 |", run.Summary);
        Assert.Contains("| `index.html` | upload changed |", run.Summary);
        Assert.Contains("| `css/site.css` | upload new |", run.Summary);
        using (var report = ActionSandbox.ReadReport(run))
            Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
        ActionSecretTests.AssertNowhereElse(run, Tokens());
    }

    /// <summary>Syncs the site to a new container of the plain Azurite with one secret input, then checks that it
    /// uploaded, that the step masked those values before printing anything else, and that these never show.</summary>
    private async Task SyncsWithSecret(string container, (string, string) secret, string[] masked, string[] hidden)
    {
        using var box = new ActionSandbox(tool);
        box.Runner.ToolCache = azure.ToolCache;
        box.WriteSite();
        await azure.Plain.CreateContainerAsync(container);

        var run = box.Run(
            ("source", "site"), ("destination", azure.Plain.ContainerUrl(container)), secret, BlobOnAnyPort);

        Assert.True(run.Succeeded, run.Log);
        Assert.Equal(Site, await azure.Plain.ListBlobsAsync(container));
        Assert.Equal("4", run.Outputs["uploaded"]);
        Assert.True(File.Exists(run.Outputs["report"]), run.Log);
        var masks = ActionSecretTests.AssertMasksComeFirst(run.Stdout);
        foreach (var value in masked) Assert.Contains(value, masks);
        ActionSecretTests.AssertNowhereElse(run, hidden);
    }

    [Fact]
    public async Task A_sas_token_secret_for_a_url_without_one_uploads_and_is_masked_first()
    {
        var sas = await AzuriteSdk.ContainerSasAsync("from-sas", "racwdl");
        var sig = sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..];

        await SyncsWithSecret(
            "from-sas", ("sas-token", "?" + sas), masked: [sas, sig], hidden: [sig, Uri.UnescapeDataString(sig)]);
    }

    [Fact]
    public Task A_connection_string_secret_uploads_and_its_key_is_masked_first() =>
        SyncsWithSecret("from-connection-string", ("connection-string", azure.Plain.ConnectionString),
            masked: [azure.Plain.ConnectionString, Azurite.Key], hidden: [Azurite.Key]);
}

using AzSync.EndToEnd.Tests.Support;
using AzSync.FilesEmulator;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>The action's steps against the Files emulator: the same inputs that serve Blob serve a share.</summary>
[Collection(ActionCollection.Name)]
[Trait("Needs", "azurite"), Trait("Needs", "node"), Trait("Needs", "pack")]
public sealed class ActionOnFilesTests(PackedTool tool, ActionAzuriteFixture azure)
    : IClassFixture<ActionAzuriteFixture>
{
    /// <summary>What the sync put on the share under the directory, by path and size.</summary>
    private static async Task<SortedDictionary<string, long>> SiteOnShare(
        FilesEmulatorServer files, string share, string directory) =>
        new((await files.ReadSyncedFilesAsync(share, directory))
            .ToDictionary(kv => kv.Key, kv => (long)kv.Value.Length), StringComparer.Ordinal);

    [Fact]
    public async Task GitHub_oidc_syncs_to_a_share_as_the_docs_workflow_does_with_the_backup_intent_on_every_request()
    {
        await using var files = await azure.World.StartFilesEmulatorAsync();
        var identity = azure.World.Identity;
        var roles = identity.Roles;
        identity.Roles = [files.Options.RequiredRoleForBearer!];
        try
        {
            using var box = azure.OidcJob(tool, ActionOnAzuriteTests.ClientId);
            var run = box.Run(("source", "site"),
                ("destination", $"{files.HttpsBaseUri!.AbsoluteUri.TrimEnd('/')}/apps/myapp"),
                ("client-id", ActionOnAzuriteTests.ClientId), ("tenant-id", OAuthWorld.Tenant),
                ("args", "--destination-type file --create-container"));

            Assert.True(run.Succeeded, run.Log);
            // Counted before the check below reads the share with the key (and no intent).
            var requests = files.Counters.Total;
            Assert.True(requests > 0);
            Assert.Equal(requests, files.Counters["x-ms-file-request-intent backup"]);
            Assert.Equal(ActionOnAzuriteTests.Site, await SiteOnShare(files, "apps", "myapp"));
            Assert.Equal("4", run.Outputs["uploaded"]);
            ActionSecretTests.AssertNowhereElse(run, azure.Tokens());
        }
        finally
        {
            identity.Roles = roles;
        }
    }

    [Fact]
    public async Task An_account_key_secret_syncs_the_site_to_a_share_and_a_rerun_changes_nothing()
    {
        await using var files = await azure.World.StartFilesEmulatorAsync();
        using var box = new ActionSandbox(tool);
        box.Runner.ToolCache = azure.ToolCache;
        box.WriteSite();
        var key = files.Options.AccountKey;
        // The emulator listens on a free port, so its URL cannot say Files the way *.file.core.windows.net does.
        (string, string)[] inputs = [("source", "site"),
            ("destination", $"{files.BaseUri.AbsoluteUri.TrimEnd('/')}/web/site"),
            ("account-key", key), ("args", "--destination-type file --create-container")];

        var first = box.Run(inputs);

        Assert.True(first.Succeeded, first.Log);
        Assert.Equal("true", first.Outputs["changed"]);
        Assert.Equal("4", first.Outputs["uploaded"]);
        Assert.Equal(ActionOnAzuriteTests.Site, await SiteOnShare(files, "web", "site"));
        Assert.Contains("| uploaded | 4 (4 new, 0 changed) |", first.Summary);

        var second = box.Run(inputs);

        Assert.True(second.Succeeded, second.Log);
        Assert.Equal("false", second.Outputs["changed"]);
        Assert.Equal("4", second.Outputs["unchanged"]);
        Assert.Contains(key, ActionSecretTests.AssertMasksComeFirst(first.Stdout));
        ActionSecretTests.AssertNowhereElse(first, [key]);
        ActionSecretTests.AssertNowhereElse(second, [key]);
    }
}

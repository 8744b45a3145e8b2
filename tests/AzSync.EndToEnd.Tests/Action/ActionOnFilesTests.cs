using System.Text;
using AzSync.EndToEnd.Tests.Support;
using AzSync.FilesEmulator;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>The action's steps against the Files emulator: the same inputs that serve Blob serve a share.</summary>
[Collection(ActionCollection.Name)]
public sealed class ActionOnFilesTests(PackedTool tool) : IAsyncLifetime
{
    private FilesEmulatorServer _files = null!;

    public async Task InitializeAsync() => _files = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0 });

    public async Task DisposeAsync() => await _files.DisposeAsync();

    [Fact]
    public async Task An_account_key_secret_syncs_the_site_to_a_share_and_a_rerun_changes_nothing()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        var key = _files.Options.AccountKey;
        // The emulator listens on a free port, so its URL cannot say Files the way *.file.core.windows.net does.
        (string, string)[] inputs = [("source", "site"), ("destination", $"{_files.BaseUri.AbsoluteUri.TrimEnd('/')}/web/site"),
            ("account-key", key), ("args", "--destination-type file --create-container")];

        var first = box.Run(inputs);

        Assert.True(first.Succeeded, first.Log);
        Assert.Equal("true", first.Outputs["changed"]);
        Assert.Equal("4", first.Outputs["uploaded"]);
        var share = await _files.ReadDirectoryAsync("web", "site");
        Assert.Equal(["about/index.html", "css/site.css", "drafts/wip.html", "index.html"],
            share.Keys.Where(k => !k.StartsWith(".azsync-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal("<h1>about</h1>", Encoding.UTF8.GetString(share["about/index.html"]));
        Assert.Contains("| uploaded | 4 (4 new, 0 changed) |", first.Summary);

        var second = box.Run(inputs);

        Assert.True(second.Succeeded, second.Log);
        Assert.Equal("false", second.Outputs["changed"]);
        Assert.Equal("4", second.Outputs["unchanged"]);
        Assert.Contains(key, ActionSecretTests.AssertMasksComeFirst(first.Step("run").Stdout));
        ActionSecretTests.AssertNowhereElse(first, [key]);
        ActionSecretTests.AssertNowhereElse(second, [key]);
    }
}

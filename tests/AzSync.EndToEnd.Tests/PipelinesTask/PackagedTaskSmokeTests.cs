using System.IO.Compression;
using System.Text.RegularExpressions;
using Xunit;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

/// <summary>
/// Packs the real tool and the real VSIX, unpacks the VSIX and runs its task entry as the agent does, with the
/// INPUT_/ENDPOINT_/SYSTEM_/AGENT_ variables an agent sets. Destinations are scenarios so that the Azurite Blob
/// and Files runs (with the fake Azure DevOps OIDC and Entra endpoints) slot in beside the local one.
/// </summary>
public sealed class PackagedTaskSmokeTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("azsync-vsix-").FullName;

    public sealed record Scenario(string Name, Func<string, string> Destination, Func<string, IDictionary<string, string?>> Env,
        string[] Secrets, Action<string, string> AssertArrived)
    {
        public override string ToString() => Name;
    }

    private const string DummySas = "sv=2025-11-05&sp=rwdl&se=2030-01-01&sig=DummySigValue0123%2Bsecret%3D";
    private const string DummyJobToken = "job-access-token-5c1e9a77";

    // TODO after merge: Azurite Blob and emulator Files scenarios, with the service connection (WIF) through the
    // fake OIDC/Entra endpoints instead of authMode sas.
    public static TheoryData<Scenario> Scenarios() => new()
    {
        new Scenario("local folder, authMode sas",
            tmp => Path.Combine(tmp, "dest"),
            _ => new Dictionary<string, string?> { ["INPUT_AUTHMODE"] = "sas", ["INPUT_SASTOKEN"] = DummySas },
            [DummySas, "DummySigValue0123", DummyJobToken],
            (tmp, src) =>
            {
                foreach (var f in Directory.GetFiles(src, "*", SearchOption.AllDirectories))
                {
                    var rel = Path.GetRelativePath(src, f);
                    var arrived = Path.Combine(tmp, "dest", rel);
                    Assert.True(File.Exists(arrived), $"{rel} did not arrive");
                    Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(arrived));
                }
            }),
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Packaged_task_syncs_and_reports_to_the_agent(Scenario scenario)
    {
        var feed = Path.Combine(_tmp, "feed");
        var pack = TaskProcess.Run("dotnet", ["pack", Path.Combine(TaskProcess.RepoRoot, "src", "AzSync"), "-c", "Release", "-o", feed, "-nologo"],
            TaskProcess.RepoRoot, timeout: TimeSpan.FromMinutes(5));
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.All);

        TaskProcess.EnsureBuilt();
        var vsixDir = Path.Combine(_tmp, "vsix");
        var tfx = TaskProcess.Run("npx", ["--no-install", "tfx", "extension", "create", "--manifest-globs", "vss-extension.json",
            "--output-path", vsixDir, "--no-prompt"], TaskProcess.TaskDir, timeout: TimeSpan.FromMinutes(3));
        Assert.True(tfx.ExitCode == 0, "tfx extension create failed:\n" + tfx.All);
        var vsix = Assert.Single(Directory.GetFiles(vsixDir, "*.vsix"));
        var unpacked = Path.Combine(_tmp, "unpacked");
        ZipFile.ExtractToDirectory(vsix, unpacked);
        var entry = Path.Combine(unpacked, "AzSync", "dist", "index.js");
        Assert.True(File.Exists(entry), "the VSIX lacks AzSync/dist/index.js");

        var src = Path.Combine(_tmp, "src");
        Directory.CreateDirectory(Path.Combine(src, "css"));
        File.WriteAllText(Path.Combine(src, "index.html"), "<h1>hello</h1>");
        File.WriteAllText(Path.Combine(src, "css", "site.css"), "body{}");
        var agentTemp = Directory.CreateDirectory(Path.Combine(_tmp, "agent-temp")).FullName;
        var toolVersion = System.Xml.Linq.XDocument.Load(Path.Combine(TaskProcess.RepoRoot, "Directory.Build.props"))
            .Descendants("Version").Single().Value;

        var env = new Dictionary<string, string?>
        {
            ["TF_BUILD"] = "True",
            ["AGENT_TOOLSDIRECTORY"] = Path.Combine(_tmp, "agent-tools"),
            ["AGENT_TEMPDIRECTORY"] = agentTemp,
            ["SYSTEM_DEFAULTWORKINGDIRECTORY"] = src, ["BUILD_SOURCESDIRECTORY"] = src,
            ["SYSTEM_ACCESSTOKEN"] = DummyJobToken,
            ["SYSTEM_OIDCREQUESTURI"] = "https://127.0.0.1:1/unused",
            ["AZSYNC_NUGET_SOURCE"] = feed,
            ["INPUT_SOURCE"] = src,
            ["INPUT_DESTINATION"] = scenario.Destination(_tmp),
            ["INPUT_TOOLVERSION"] = toolVersion,
            ["INPUT_DELETE"] = "false", ["INPUT_DRYRUN"] = "false",
        };
        foreach (var (k, v) in scenario.Env(_tmp)) env[k] = v;

        var r = TaskProcess.Run("node", [entry], src, env, clearEnv: true, timeout: TimeSpan.FromMinutes(3));
        var output = r.All;

        Assert.Contains("##vso[task.complete result=Succeeded;", output);
        scenario.AssertArrived(_tmp, src);
        Assert.Matches(@"(?m)^##vso\[task\.setvariable variable=AzSyncChanged(;[^\]]*)?\]true\r?$", output);
        var summary = Regex.Match(output, @"(?m)^##vso\[task\.uploadsummary\](.+?)\r?$");
        Assert.True(summary.Success, "no ##vso[task.uploadsummary] in:\n" + output);
        Assert.True(File.Exists(summary.Groups[1].Value), $"summary file {summary.Groups[1].Value} does not exist");
        Assert.StartsWith(agentTemp, summary.Groups[1].Value);

        var leaks = output.Split('\n')
            .Where(l => !l.StartsWith("##vso[task.setsecret]") && scenario.Secrets.Any(s => l.Contains(s))).ToList();
        Assert.True(leaks.Count == 0, "secret values printed:\n" + string.Join('\n', leaks));

        // Second run: the tool is reused from the tool cache and nothing changes.
        var again = TaskProcess.Run("node", [entry], src, env, clearEnv: true, timeout: TimeSpan.FromMinutes(3));
        Assert.Contains("##vso[task.complete result=Succeeded;", again.All);
        Assert.Contains($"Using azsync {toolVersion} from", again.All);
        Assert.Matches(@"(?m)^##vso\[task\.setvariable variable=AzSyncChanged\]false\r?$", again.All);
    }

    public void Dispose()
    {
        try { Directory.Delete(_tmp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

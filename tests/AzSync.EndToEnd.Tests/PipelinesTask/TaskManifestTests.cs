using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

[Trait("Needs", "node")]
public sealed class TaskManifestTests
{
    internal static JsonElement TaskJson() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TaskProcess.TaskDir, "AzSync", "task.json"))).RootElement;

    internal static List<string> OutputVariables() =>
        TaskJson().GetProperty("outputVariables").EnumerateArray()
            .Select(o => o.GetProperty("name").GetString()!).ToList();

    private static string ToolVersion() =>
        XDocument.Load(Path.Combine(TaskProcess.RepoRoot, "Directory.Build.props"))
            .Descendants("Version").Single().Value;

    [Fact]
    public void An_empty_toolVersion_installs_the_version_the_repository_builds()
    {
        var input = TaskJson().GetProperty("inputs").EnumerateArray()
            .Single(i => i.GetProperty("name").GetString() == "toolVersion");
        Assert.False(
            input.TryGetProperty("defaultValue", out _), "the version comes from the bundle, built with the tool");
        TaskProcess.EnsureBuilt();
        string[] bundles =
        [
            Path.Combine(TaskProcess.TaskDir, "AzSync", "dist", "index.js"),
            Path.Combine(TaskProcess.RepoRoot, "action", "dist", "index.js"),
        ];
        foreach (var bundle in bundles)
        {
            var pinned = Regex.Match(File.ReadAllText(bundle), "PINNED_VERSION = \"([^\"]+)\"").Groups[1].Value;
            Assert.Equal(ToolVersion(), pinned);
        }
    }

    [Fact]
    public void Task_major_minor_and_extension_version_follow_the_tool()
    {
        var v = TaskJson().GetProperty("version");
        var tool = Version.Parse(ToolVersion());
        Assert.Equal(tool.Major, v.GetProperty("Major").GetInt32());
        Assert.Equal(tool.Minor, v.GetProperty("Minor").GetInt32());
        var manifest = File.ReadAllText(Path.Combine(TaskProcess.TaskDir, "vss-extension.json"));
        var ext = JsonDocument.Parse(manifest).RootElement;
        Assert.Equal(ToolVersion(), ext.GetProperty("version").GetString());
    }

    [Fact]
    public void Task_identity_and_handlers_are_stable()
    {
        var t = TaskJson();
        // The GUID identifies the task to every organisation that installed it: it must never change.
        Assert.Equal("3d50448d-57cc-471d-82e0-1d9741d542cd", t.GetProperty("id").GetString());
        Assert.Equal("AzSync", t.GetProperty("name").GetString());
        var handlers = t.GetProperty("execution").EnumerateObject()
            .Select(p => (p.Name, p.Value.GetRawText())).ToList();
        Assert.Equal(["Node20_1", "Node24"], handlers.Select(h => h.Name));
        // Agents that know Node 24 take that handler: it must run the same bundle the same way as Node 20.
        Assert.Equal(handlers[0].Item2, handlers[1].Item2);
        Assert.Equal(
            "dist/index.js", t.GetProperty("execution").GetProperty("Node24").GetProperty("target").GetString());
        Assert.Equal(["AzSyncChanged", "AzSyncUploaded", "AzSyncDeleted", "AzSyncUnchanged", "AzSyncBytes",
            "AzSyncReport"], OutputVariables());
    }

    [Fact]
    public void Docs_describe_every_visible_input_and_every_output_variable()
    {
        var docs = File.ReadAllText(Path.Combine(TaskProcess.RepoRoot, "docs", "azure-pipelines.md"));
        var table = docs[docs.IndexOf("### Inputs", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n### ", 1, StringComparison.Ordinal)];
        // The first cell of each row names the inputs it describes, an alias in parentheses.
        var documented = table.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => Regex.Matches(Regex.Replace(l.Split('|')[1], @"\(.*\)", ""), "`(\\w+)`")
                .Select(m => m.Groups[1].Value));
        // nugetSource is for tests and mirrors only: the editor never shows it.
        var visible = TaskJson().GetProperty("inputs").EnumerateArray()
            .Where(i => !(i.TryGetProperty("visibleRule", out var rule) && rule.GetString() == "authMode = never"))
            .Select(i => i.GetProperty("name").GetString()!);
        Assert.Equal(visible.Order(), documented.Order());
        foreach (var variable in OutputVariables()) Assert.Contains($"`{variable}`", docs);
    }
}

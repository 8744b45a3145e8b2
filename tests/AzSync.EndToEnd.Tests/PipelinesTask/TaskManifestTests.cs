using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

public sealed class TaskManifestTests
{
    private static JsonElement TaskJson() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TaskProcess.TaskDir, "AzSync", "task.json"))).RootElement;

    private static string ToolVersion() =>
        XDocument.Load(Path.Combine(TaskProcess.RepoRoot, "Directory.Build.props")).Descendants("Version").Single().Value;

    [Fact]
    public void Default_toolVersion_is_the_version_the_repository_builds()
    {
        var input = TaskJson().GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "toolVersion");
        Assert.Equal(ToolVersion(), input.GetProperty("defaultValue").GetString());
    }

    [Fact]
    public void Task_major_minor_and_extension_version_follow_the_tool()
    {
        var v = TaskJson().GetProperty("version");
        var tool = Version.Parse(ToolVersion());
        Assert.Equal(tool.Major, v.GetProperty("Major").GetInt32());
        Assert.Equal(tool.Minor, v.GetProperty("Minor").GetInt32());
        var ext = JsonDocument.Parse(File.ReadAllText(Path.Combine(TaskProcess.TaskDir, "vss-extension.json"))).RootElement;
        Assert.Equal(ToolVersion(), ext.GetProperty("version").GetString());
    }

    [Fact]
    public void Task_identity_and_handlers_are_stable()
    {
        var t = TaskJson();
        // The GUID identifies the task to every organisation that installed it: it must never change.
        Assert.Equal("3d50448d-57cc-471d-82e0-1d9741d542cd", t.GetProperty("id").GetString());
        Assert.Equal("AzSync", t.GetProperty("name").GetString());
        var handlers = t.GetProperty("execution").EnumerateObject().Select(p => (p.Name, p.Value.GetProperty("target").GetString())).ToList();
        Assert.Equal([("Node20_1", "dist/index.js"), ("Node24", "dist/index.js")], handlers);
        var outputs = t.GetProperty("outputVariables").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();
        Assert.Equal(["AzSyncChanged", "AzSyncUploaded", "AzSyncDeleted", "AzSyncBytes", "AzSyncReport"], outputs);
    }
}

using System.Text.Json;

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>
/// Where the action syncs to. Only a local folder for now; Blob (Azurite) and Files (emulator) destinations plug in
/// here with their URL, credential inputs and a way to list what arrived.
/// </summary>
public abstract class ActionDestination
{
    public abstract string Value { get; }
    public abstract SortedSet<string> Files();
    public abstract void Put(string path, string content);

    public static ActionDestination Create(string kind, string sandbox) => kind switch
    {
        "local" => new LocalFolderDestination(Path.Combine(sandbox, "destination")),
        _ => throw new ArgumentException($"No action test destination '{kind}'."),
    };
}

public sealed class LocalFolderDestination(string root) : ActionDestination
{
    public override string Value => root;

    public override SortedSet<string> Files() => Directory.Exists(root)
        ? new(Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".azsync", StringComparison.Ordinal)), StringComparer.Ordinal)
        : new(StringComparer.Ordinal);

    public override void Put(string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}

/// <summary>A temporary runner: workspace with a small site, tool cache, temp folder; removed afterwards.</summary>
public sealed class ActionSandbox : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("azsync-action-").FullName;
    public NodeActionRunner Runner { get; }
    public PackedTool Tool { get; }

    public ActionSandbox(PackedTool tool)
    {
        Tool = tool;
        Runner = new NodeActionRunner(tool.RepoRoot, Root);
    }

    public string Workspace => Runner.Workspace;

    /// <summary>Writes a file under the workspace.</summary>
    public string Write(string path, string content)
    {
        var full = Path.Combine(Workspace, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void WriteSite(string folder = "site")
    {
        Write($"{folder}/index.html", "<h1>home</h1>");
        Write($"{folder}/about/index.html", "<h1>about</h1>");
        Write($"{folder}/css/site.css", "body { margin: 0 }");
        Write($"{folder}/drafts/wip.html", "<p>not yet</p>");
    }

    /// <summary>Runs the action with the packed feed and the given inputs (input names as in action.yml).</summary>
    public ActionRun Run(params (string Name, string Value)[] inputs)
    {
        var all = new Dictionary<string, string> { ["nuget-source"] = Tool.Feed };
        foreach (var (n, v) in inputs) all[n] = v;
        return Runner.Run(all);
    }

    public static JsonDocument ReadReport(ActionRun run)
    {
        var path = run.Outputs["report"];
        Assert.True(File.Exists(path), $"report output '{path}' names no file.\n{run.Log}");
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

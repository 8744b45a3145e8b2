namespace AzSync.Core.Tests.Manifest;

/// <summary>
/// Test data is read from the source tree (found by walking up to Tool.sln) rather than copied to the output
/// folder, so AZSYNC_UPDATE_GOLDEN=1 can rewrite the checked-in expected files directly.
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ManifestTests => Path.Combine(Root, "tests", "AzSync.Core.Tests", "Manifest");

    public static string Golden => Path.Combine(ManifestTests, "Golden");

    public static string Valid => Path.Combine(ManifestTests, "Valid");

    public static string Examples => Path.Combine(Root, "examples");

    public static bool UpdateGolden => Environment.GetEnvironmentVariable("AZSYNC_UPDATE_GOLDEN") == "1";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tool.sln"))) return dir.FullName;
        throw new InvalidOperationException(
            $"Tool.sln not found above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}

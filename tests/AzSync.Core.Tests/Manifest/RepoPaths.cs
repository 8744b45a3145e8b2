namespace AzSync.Core.Tests.Manifest;

/// <summary>
/// Test data is read from the source tree rather than copied to the output folder, so
/// AZSYNC_UPDATE_GOLDEN=1 can rewrite the checked-in expected files directly.
/// </summary>
internal static class RepoPaths
{
    public static string Root => AzSync.Testing.RepoPaths.Root;

    public static string ManifestTests => Path.Combine(Root, "tests", "AzSync.Core.Tests", "Manifest");

    public static string Golden => Path.Combine(ManifestTests, "Golden");

    public static string Valid => Path.Combine(ManifestTests, "Valid");

    public static string Examples => Path.Combine(Root, "examples");

    public static bool UpdateGolden => Environment.GetEnvironmentVariable("AZSYNC_UPDATE_GOLDEN") == "1";
}

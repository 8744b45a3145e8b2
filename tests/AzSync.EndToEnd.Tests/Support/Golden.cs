using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>
/// Compares output with a checked-in file under tests/AzSync.EndToEnd.Tests/Golden/. After an intended change
/// to the output, run the tests once with AZSYNC_UPDATE_GOLDEN=1 to rewrite the files, and review the diff.
/// </summary>
public static class Golden
{
    public static void Verify(string name, string actual)
    {
        actual = actual.Replace("\r\n", "\n");
        var path = Path.Combine(RepoPaths.Root, "tests", "AzSync.EndToEnd.Tests", "Golden", name);
        if (Environment.GetEnvironmentVariable("AZSYNC_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        if (!File.Exists(path))
            throw new Xunit.Sdk.XunitException(
                $"Golden file '{path}' is missing; create it with AZSYNC_UPDATE_GOLDEN=1.\nActual:\n{actual}");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == actual) return;

        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = Enumerable.Range(0, Math.Max(e.Length, a.Length))
            .First(i => i >= e.Length || i >= a.Length || e[i] != a[i]);
        throw new Xunit.Sdk.XunitException(
            $"Output differs from {path} at line {line + 1}:\n" +
            $"  expected: {(line < e.Length ? e[line] : "<end>")}\n" +
            $"  actual:   {(line < a.Length ? a[line] : "<end>")}\n" +
            "If the change is intended, re-run with AZSYNC_UPDATE_GOLDEN=1 and review the diff.\n" +
            $"Actual output:\n{actual}");
    }
}

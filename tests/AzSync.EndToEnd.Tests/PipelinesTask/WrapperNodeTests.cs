namespace AzSync.EndToEnd.Tests.PipelinesTask;

/// <summary>
/// The wrappers' node tests (the one input table against the Action's and the task's bundles, the install, the
/// service connections), one xunit test per file so the suite's counts include them; and the committed Action
/// bundle is the one its sources build.
/// </summary>
[Trait("Needs", "node")]
public sealed class WrapperNodeTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(TaskProcess.WrappersDir, "test");
        foreach (var f in Directory.GetFiles(folder, "*.test.mjs").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Node_test_file_passes(string file)
    {
        TaskProcess.EnsureBuilt();
        var r = TaskProcess.Run("node", ["--test", "--test-reporter=tap", Path.Combine("test", file)],
            TaskProcess.WrappersDir);
        Assert.True(r.ExitCode == 0, $"node --test {file} failed ({r.ExitCode}):\n{r.All}");
        // A file that ran nothing must not pass silently.
        Assert.Matches(@"(?m)^# pass [1-9]\d*$", r.StdOut);
        Assert.Matches(@"(?m)^# fail 0$", r.StdOut);
    }

    [Fact]
    public void The_committed_action_bundle_is_built_from_the_current_sources()
    {
        TaskProcess.EnsureBuilt();
        var build = Path.Combine(TaskProcess.WrappersDir, "build.sh");
        var r = TaskProcess.Run("bash", [build, "--check"], TaskProcess.WrappersDir);
        Assert.True(r.ExitCode == 0, r.All);
    }
}

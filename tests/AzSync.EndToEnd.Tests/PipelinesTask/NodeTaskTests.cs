using Xunit;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

/// <summary>One xunit test per node test file of the task, so the suite's counts include them.</summary>
public sealed class NodeTaskTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(TaskProcess.TaskDir, "test"), "*.test.mjs").OrderBy(f => f))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Node_test_file_passes(string file)
    {
        TaskProcess.EnsureBuilt();
        var r = TaskProcess.Run("node", ["--test", "--test-reporter=tap", Path.Combine("test", file)], TaskProcess.TaskDir);
        Assert.True(r.ExitCode == 0, $"node --test {file} failed ({r.ExitCode}):\n{r.All}");
        // A file that ran nothing must not pass silently.
        Assert.Matches(@"(?m)^# pass [1-9]\d*$", r.StdOut);
        Assert.Matches(@"(?m)^# fail 0$", r.StdOut);
    }
}

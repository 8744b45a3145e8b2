using System.Text;

namespace AzSync.Testing;

/// <summary>
/// A <see cref="StringWriter"/> a test can await: <see cref="WhenContains"/> completes once the text written so far
/// contains a string, so the test waits for output to appear instead of polling the text with sleeps.
/// </summary>
public sealed class WatchedWriter : StringWriter
{
    private readonly object _lock = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

    public Task WhenContains(string text)
    {
        lock (_lock)
        {
            if (ToString().Contains(text, StringComparison.Ordinal)) return Task.CompletedTask;
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((text, seen));
            return seen.Task;
        }
    }

    public override void Write(char value) => Written(() => base.Write(value));

    public override void Write(string? value) => Written(() => base.Write(value));

    public override void Write(char[] buffer, int index, int count) => Written(() => base.Write(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Written(new StringBuilder().Append(buffer).ToString());

    public override void WriteLine(string? value) => Written(() => base.WriteLine(value));

    public override void WriteLine(ReadOnlySpan<char> buffer) =>
        Written(new StringBuilder().Append(buffer).Append(CoreNewLine).ToString());

    private void Written(string text) => Written(() => base.Write(text));

    private void Written(Action write)
    {
        List<TaskCompletionSource> seen;
        lock (_lock)
        {
            write();
            var now = ToString();
            seen = _waits.Where(w => now.Contains(w.Text, StringComparison.Ordinal)).Select(w => w.Seen).ToList();
            _waits.RemoveAll(w => now.Contains(w.Text, StringComparison.Ordinal));
        }
        foreach (var s in seen) s.TrySetResult();
    }
}

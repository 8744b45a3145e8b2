namespace AzSync.EndToEnd.Tests.Support;

/// <summary>A private folder with a one-file source: enough for runs that fail before anything is sent.</summary>
public abstract class OneFileSourceTest : IDisposable
{
    protected E2eTempDir Dir { get; } = new();

    protected OneFileSourceTest() => Dir.WriteSource("a.txt", "a");

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}

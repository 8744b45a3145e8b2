using System.Diagnostics;
using System.Text;

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>
/// A private temporary folder per test with <c>src</c> and <c>dst</c> inside, removed on dispose, so tests can
/// run in parallel without seeing each other's files.
/// </summary>
public sealed class E2eTempDir : IDisposable
{
    public E2eTempDir()
    {
        Root = Directory.CreateTempSubdirectory("azsync-e2e-").FullName;
        Source = Path.Combine(Root, "src");
        Destination = Path.Combine(Root, "dst");
        Directory.CreateDirectory(Source);
    }

    public string Root { get; }
    public string Source { get; }
    /// <summary>Not created up front: the tool creates a missing local destination.</summary>
    public string Destination { get; }

    /// <summary>Lets <see cref="AzSync.Testing.AzSyncProcess.Unprivileged"/> (another user) work in the
    /// folder.</summary>
    public void OpenToOtherUsers() => File.SetUnixFileMode(Root, (UnixFileMode)Convert.ToInt32("777", 8));

    public string Src(string relative) => Path.Combine(Source, relative);
    public string Dst(string relative) => Path.Combine(Destination, relative);

    public string WriteSource(string relative, string content) => Write(Src(relative), Encoding.UTF8.GetBytes(content));
    public string WriteSource(string relative, byte[] content) => Write(Src(relative), content);

    /// <summary>A file of <paramref name="size"/> bytes that takes no disk space (a hole) except a distinct
    /// head.</summary>
    public string WriteSparseSource(string relative, long size, string head)
    {
        var path = Src(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(head));
        stream.SetLength(size);
        return path;
    }

    public string ReadDestination(string relative) => File.ReadAllText(Dst(relative));

    /// <summary>Destination files other than the tool's own index, '/'-separated and sorted.</summary>
    public IReadOnlyList<string> DestinationFiles() => !Directory.Exists(Destination) ? [] :
        Directory.EnumerateFiles(Destination, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Destination, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != ".azsync-index.json")
            .Order(StringComparer.Ordinal).ToList();

    private static string Write(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET cannot delete a file whose name is not valid UTF-8 (it sees U+FFFD instead); rm can.
            using var rm = Process.Start("rm", ["-rf", Root]);
            rm.WaitForExit();
        }
    }
}

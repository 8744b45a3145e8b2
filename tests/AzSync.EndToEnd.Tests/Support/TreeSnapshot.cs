using System.Security.Cryptography;

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>
/// Every file (with a hash of its content, size and modification time) and every folder under a root, to prove
/// that a run changed nothing at all — not even the tool's own index.
/// </summary>
public sealed record TreeSnapshot(string Listing)
{
    public static TreeSnapshot Take(string root)
    {
        if (!Directory.Exists(root)) return new TreeSnapshot("<missing>");
        var entries = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            entries.Add("dir  " + Relative(root, dir));
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(file);
            entries.Add($"file {Relative(root, file)} {info.Length} {info.LastWriteTimeUtc.Ticks} {HashOf(file)}");
        }
        entries.Sort(StringComparer.Ordinal);
        return new TreeSnapshot(string.Join('\n', entries));
    }

    public static string HashOf(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    public override string ToString() => Listing;

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path)
        .Replace(Path.DirectorySeparatorChar, '/');
}

using System.Globalization;

namespace AzSync.FilesEmulator;

/// <summary>Common state of shares, directories and files: what every response echoes.</summary>
internal abstract class Node
{
    private static long _nextId = 1383512842402634137;
    public required string Name { get; set; }
    public string ETag { get; private set; } = "";
    public DateTimeOffset LastModified { get; private set; }
    public DateTimeOffset CreationTime { get; set; }
    public DateTimeOffset LastWriteTime { get; set; }
    public DateTimeOffset ChangeTime { get; set; }
    public string Attributes { get; set; } = "Archive";
    public string PermissionKey { get; set; } = "4066528134148476695*1";
    public string FileId { get; } = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    protected Node() => Touch();

    /// <summary>Every write gets a new ETag and Last-Modified, as the service does.</summary>
    public void Touch()
    {
        var now = DateTimeOffset.UtcNow;
        LastModified = now;
        ChangeTime = now;
        ETag = $"\"0x{now.UtcTicks:X}{Random.Shared.Next(0x1000):X3}\"";
    }
}

internal sealed class DirNode : Node
{
    // Case-insensitive and case-preserving: the key is matched without case, the node keeps its spelling.
    public Dictionary<string, Node> Children { get; } = new(StringComparer.OrdinalIgnoreCase);
    public DirNode? Parent { get; set; }
    public DirNode() => Attributes = "Directory";
}

internal sealed class FileNode : Node
{
    public byte[] Content { get; set; } = [];
    public long Length { get; set; }
    public string? ContentType, ContentEncoding, ContentLanguage, ContentDisposition, CacheControl;
    public byte[]? ContentMd5;
    public FileLease? Lease { get; set; }
    /// <summary>Written ranges (start, endInclusive), merged and sorted, for Get Ranges.</summary>
    public List<(long Start, long End)> Ranges { get; } = [];

    public void Resize(long length)
    {
        if (length > int.MaxValue)
            throw new FileError(400, "OutOfRangeInput",
                "The emulator keeps files in memory and supports files up to 2 GiB.");
        var bytes = new byte[length];
        Array.Copy(Content, bytes, Math.Min(length, Content.LongLength));
        Content = bytes;
        Length = length;
        ClearRange(length, long.MaxValue - 1);
    }

    public void Write(long start, byte[] data)
    {
        Array.Copy(data, 0, Content, start, data.Length);
        if (data.Length == 0) return;
        Ranges.Add((start, start + data.Length - 1));
        Ranges.Sort();
        for (var i = Ranges.Count - 1; i > 0; i--)
        {
            if (Ranges[i].Start <= Ranges[i - 1].End + 1)
            {
                Ranges[i - 1] = (Ranges[i - 1].Start, Math.Max(Ranges[i - 1].End, Ranges[i].End));
                Ranges.RemoveAt(i);
            }
        }
    }

    public void ClearRange(long start, long end)
    {
        if (start < Length) Array.Clear(Content, (int)start, (int)(Math.Min(end, Length - 1) - start + 1));
        var kept = new List<(long, long)>();
        foreach (var (s, e) in Ranges)
        {
            if (e < start || s > end) { kept.Add((s, e)); continue; }
            if (s < start) kept.Add((s, start - 1));
            if (e > end) kept.Add((end + 1, e));
        }
        Ranges.Clear();
        Ranges.AddRange(kept);
    }
}

internal sealed class Share : Node
{
    public DirNode Root { get; } = new() { Name = "" };
    public int Quota { get; set; } = 5120;
}

/// <summary>All shares of the one emulated account. One lock
/// serialises every request: simple and correct for tests.</summary>
internal sealed class AccountStore
{
    public object Gate { get; } = new();
    public Dictionary<string, Share> Shares { get; } = new(StringComparer.Ordinal);

    public Share GetShare(string name) => Shares.TryGetValue(name, out var s) ? s : throw FileError.ShareNotFound();

    /// <summary>Resolves a path; the parent must be a directory or the service answers ParentNotFound.</summary>
    public static (DirNode Parent, Node? Node) Resolve(Share share, IReadOnlyList<string> segments)
    {
        if (segments.Count == 0) return (share.Root, share.Root);
        var dir = share.Root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            if (!dir.Children.TryGetValue(segments[i], out var next) || next is not DirNode d)
                throw FileError.ParentNotFound();
            dir = d;
        }
        dir.Children.TryGetValue(segments[^1], out var node);
        return (dir, node);
    }
}

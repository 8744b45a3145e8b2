using System.Buffers.Binary;
using AzSync.Core.Hashing;
using AzSync.Core.Manifest;

namespace AzSync.Core.Selection;

/// <summary>
/// A source file chosen by a mapping, with the path it gets under the destination. Its full path is made when it is
/// asked for (to open the file, or name it in a message) from the mapping's source folder and the path under the
/// target, rather than held beside the destination path: at 200,000 files each copy of every path costs tens of
/// megabytes. The hashing stage and the destination matcher write what they learn about the file here, for the same
/// reason: one object per file carries it from the selection to the plan.
/// </summary>
public sealed class SelectedFile(string destinationPath, Mapping mapping)
{
    public string DestinationPath { get; } = destinationPath;

    public Mapping Mapping { get; } = mapping;

    /// <summary>The path under the mapping's source folder, '/'-separated.</summary>
    public ReadOnlySpan<char> RelativePath =>
        Mapping.Target.Length == 0 ? DestinationPath : DestinationPath.AsSpan(Mapping.Target.Length + 1);

    public string FullPath => Path.Join(Mapping.Source, RelativePath);

    internal HashState Hash { get; set; }

    internal long Size { get; set; }

    /// <summary>The whole-file MD5, in place rather than as an array of its own.</summary>
    internal UInt128 Md5 { get; set; }

    /// <summary>
    /// What the destination holds for it: the <c>StoreEntry</c> matched, <see cref="Planning.Planner.SameContent"/>
    /// once that entry is found to hold these very bytes (then the entry itself is not kept), or, once planned, its
    /// <c>PlanItem</c>. Read and written under a lock on this file.
    /// </summary>
    internal object? Match { get; set; }

    /// <summary>The file as the stores take it, for an upload: made when needed, not kept per file.</summary>
    internal LocalFile ToLocalFile() => new(FullPath, Size, FileHasher.Md5Bytes(Md5));

    /// <summary>Whether a destination entry of this size and Content-MD5 holds exactly this file's bytes.</summary>
    internal bool SameContentAs(long size, byte[]? md5) =>
        size == Size && md5 is { Length: 16 } && BinaryPrimitives.ReadUInt128BigEndian(md5) == Md5;

    public override string ToString() => DestinationPath;
}

internal enum HashState : byte { Pending, Hashed, Failed }

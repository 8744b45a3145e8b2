namespace AzSync.Core.Hashing;

/// <summary>A selected source file after hashing.</summary>
/// <param name="FullPath">Absolute path on disk.</param>
/// <param name="Md5">Whole-file MD5, the value Azure stores as Content-MD5.</param>
public sealed record LocalFile(string FullPath, long Size, byte[] Md5)
{
    /// <summary>Whether a destination object with this size and Content-MD5 holds exactly this file's bytes.</summary>
    public bool SameContentAs(long size, byte[]? md5) =>
        size == Size && md5 is not null && md5.AsSpan().SequenceEqual(Md5);
}

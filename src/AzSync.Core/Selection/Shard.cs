using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AzSync.Core.Selection;

/// <summary>
/// Shard K of N (1-based): the part of a selection one job of a CI matrix uploads. Membership depends only on
/// the destination path, so every job of the matrix, on any runner and OS, agrees which shard owns a file.
/// </summary>
public sealed record Shard(int Number, int Count)
{
    /// <summary>Parses 'K/N'; on failure, says what is wrong in words a user can act on.</summary>
    public static bool TryParse(string text, out Shard? shard, out string? problem)
    {
        shard = null;
        problem = null;
        var parts = text.Split('/');
        if (parts.Length != 2 || !TryNumber(parts[0], out var k) || !TryNumber(parts[1], out var n))
        {
            problem = $"--shard '{text}' is not K/N: give this job's number and the number of jobs, e.g. --shard 2/4.";
            return false;
        }
        if (n < 1)
        {
            problem = $"--shard '{text}': N, the number of jobs, must be at least 1.";
            return false;
        }
        if (k < 1 || k > n)
        {
            problem = $"--shard '{text}': K must be between 1 and N (here 1 to {n}), e.g. --shard 1/{n}.";
            return false;
        }
        shard = new Shard(k, n);
        return true;
    }

    /// <param name="caseInsensitive">
    /// Where the destination ignores case, 'A.txt' and 'a.txt' are one name: they must fall in one shard, so that
    /// its plan sees both and reports the clash instead of two jobs overwriting each other's file.
    /// </param>
    public bool Contains(string destinationPath, bool caseInsensitive)
    {
        if (Count == 1) return true;
        var name = caseInsensitive ? destinationPath.ToUpperInvariant() : destinationPath;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), digest);
        // A cryptographic hash spreads similar names (page-1.html, page-2.html…) evenly; the modulo bias of 2^64
        // over N is nil.
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(digest) % (ulong)Count) == Number - 1;
    }

    /// <summary>
    /// The selection's files in this shard. Problems stay: an unreadable file or folder concerns every shard.
    /// </summary>
    public Selection Filter(Selection selection, bool caseInsensitive) =>
        selection with { Files = selection.Files.Where(f => Contains(f.DestinationPath, caseInsensitive)).ToList() };

    public override string ToString() => $"{Number}/{Count}";

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

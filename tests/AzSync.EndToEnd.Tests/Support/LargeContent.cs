using System.Security.Cryptography;

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>64 MiB of pseudo-random bytes, generated once per test run and shared by the tests that need
/// size.</summary>
public static class LargeContent
{
    public const int Size = 64 << 20;

    private static readonly Lazy<byte[]> Generated = new(() =>
    {
        var bytes = new byte[Size];
        new Random(20261122).NextBytes(bytes);
        return bytes;
    });

    public static byte[] Bytes => Generated.Value;

    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}

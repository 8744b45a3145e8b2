namespace AzSync.Core.Hashing;

/// <summary>A piece of a file, identified by a strong hash of its bytes (SHA-256).</summary>
public readonly record struct Chunk(long Offset, int Length, byte[] Hash);

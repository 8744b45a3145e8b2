using System.Security.Cryptography;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;

namespace AzSync.Testing;

/// <summary>The few things every store test does: make a hashed source file, list a store, read a file back.</summary>
public static class StoreTestKit
{
    public static LocalFile Source(string directory, string name, byte[] content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return new LocalFile(path, content.Length, MD5.HashData(content));
    }

    public static async Task<Dictionary<string, StoreEntry>> ListAsync(IStore store, string prefix = "")
    {
        var entries = new Dictionary<string, StoreEntry>();
        await foreach (var e in store.ListAsync(prefix, default)) entries.Add(e.Path, e);
        return entries;
    }

    public static async Task<byte[]> ReadAsync(IStore store, string path)
    {
        await using var stream = await store.OpenReadAsync(path, default);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

using System.Security.Cryptography;
using System.Text;
using AzSync.Azure.Files;

namespace AzSync.Azure.Tests.Files;

/// <summary>The Files index as bytes: what a later run reads back, without a share in between.</summary>
public sealed class FileShareIndexTests
{
    private static readonly byte[] Md5 = MD5.HashData("abcd"u8);

    private static FileShareIndex Read(string json) => FileShareIndex.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void An_index_read_back_finds_its_paths_as_the_share_does_without_case_and_only_for_the_same_ETag()
    {
        var index = Read($$$"""{"Site/A.txt":{"Size":4,"Md5":"{{{Convert.ToBase64String(Md5)}}}","ETag":"e1"}}""");

        Assert.Equal(Md5, index.Listed("site/a.txt", 4, "e1")?.Md5);
        // The path as the index holds it, so the listing's own copy of it need not outlive its page.
        Assert.Equal("Site/A.txt", index.Listed("site/a.TXT", 4, "e1")?.Path);
        Assert.Null(index.Listed("site/a.txt", 4, "e2"));
        Assert.Null(index.Listed("site/a.txt", 5, "e1"));
    }

    [Fact]
    public void What_an_index_writes_a_later_run_reads_back_including_chunk_hashes()
    {
        var index = FileShareIndex.Empty();
        index.Set("b.txt", 4, Md5, "e1");
        index.Set("a.bin", 9, Md5, "e2", [SHA256.HashData("x"u8)]);

        var again = FileShareIndex.Parse(index.Serialize());

        Assert.Equal(Md5, again.Listed("b.txt", 4, "e1")?.Md5);
        Assert.Equal([SHA256.HashData("x"u8)], again.TrustedChunks("a.bin", 9, "e2")!);
    }

    [Fact]
    public void An_entry_whose_MD5_is_not_base64_makes_a_damaged_index_that_is_done_without_not_a_crash()
    {
        var index = Read("""{"a.txt":{"Size":4,"Md5":"not base64!","ETag":"e1"}}""");

        Assert.Null(index.Listed("a.txt", 4, "e1"));
    }

    [Fact]
    public void The_index_saved_keeps_what_this_run_listed_or_wrote_and_forgets_the_rest()
    {
        var stored = FileShareIndex.Empty();
        foreach (var path in new[] { "listed.txt", "stale.txt", "gone.txt" }) stored.Set(path, 4, Md5, "e1");
        var index = FileShareIndex.Parse(stored.Serialize());

        Assert.NotNull(index.Listed("LISTED.txt", 4, "e1"));
        Assert.Null(index.Listed("stale.txt", 4, "e2"));
        index.Set("new.txt", 4, Md5, "e3");
        index.RetainPresent();
        var again = FileShareIndex.Parse(index.Serialize());

        Assert.NotNull(again.Listed("listed.txt", 4, "e1"));
        Assert.NotNull(again.Listed("new.txt", 4, "e3"));
        Assert.NotNull(again.Listed("stale.txt", 4, "e1"));
        Assert.Null(again.Listed("gone.txt", 4, "e1"));
    }
}

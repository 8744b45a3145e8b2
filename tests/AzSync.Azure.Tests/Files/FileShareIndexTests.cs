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

        Assert.Equal(Md5, index.TrustedMd5("site/a.txt", 4, "e1"));
        Assert.Null(index.TrustedMd5("site/a.txt", 4, "e2"));
        Assert.Null(index.TrustedMd5("site/a.txt", 5, "e1"));
    }

    [Fact]
    public void What_an_index_writes_a_later_run_reads_back_including_chunk_hashes()
    {
        var index = FileShareIndex.Empty();
        index.Set("b.txt", 4, Md5, "e1");
        index.Set("a.bin", 9, Md5, "e2", [SHA256.HashData("x"u8)]);

        var again = FileShareIndex.Parse(index.Serialize());

        Assert.Equal(Md5, again.TrustedMd5("b.txt", 4, "e1"));
        Assert.Equal([SHA256.HashData("x"u8)], again.TrustedChunks("a.bin", 9, "e2")!);
    }

    [Fact]
    public void An_entry_whose_MD5_is_not_base64_makes_a_damaged_index_that_is_done_without_not_a_crash()
    {
        var index = Read("""{"a.txt":{"Size":4,"Md5":"not base64!","ETag":"e1"}}""");

        Assert.Null(index.TrustedMd5("a.txt", 4, "e1"));
    }
}

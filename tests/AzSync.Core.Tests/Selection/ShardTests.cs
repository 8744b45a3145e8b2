using AzSync.Core.Selection;

namespace AzSync.Core.Tests.Selection;

public sealed class ShardTests
{
    private static readonly string[] Paths =
        [.. Enumerable.Range(0, 200).Select(i => $"docs/Page-{i}.html"), "a b#c.txt", "é/ü.txt"];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Every_path_falls_in_exactly_one_shard(int count)
    {
        foreach (var path in Paths)
            Assert.Equal(1, Enumerable.Range(1, count).Count(k => new Shard(k, count).Contains(path, false)));
    }

    [Fact]
    public void Where_names_ignore_case_one_name_in_two_spellings_lands_in_one_shard()
    {
        // On a case-sensitive store the spellings are two files, so some of them must split across shards.
        var split = Paths.Count(p => Enumerable.Range(1, 5).Any(k =>
            new Shard(k, 5).Contains(p, false) != new Shard(k, 5).Contains(p.ToLowerInvariant(), false)));
        Assert.True(split > 0);
        foreach (var path in Paths)
            for (var k = 1; k <= 5; k++)
                Assert.Equal(new Shard(k, 5).Contains(path, true),
                    new Shard(k, 5).Contains(path.ToLowerInvariant(), true));
    }

    [Fact]
    public void Shards_share_the_work_roughly_evenly()
    {
        var sizes = Enumerable.Range(1, 4).Select(k => Paths.Count(p => new Shard(k, 4).Contains(p, false))).ToList();
        Assert.All(sizes, size => Assert.InRange(size, 30, 70));
    }

    [Theory]
    [InlineData("2/4", 2, 4)]
    [InlineData("1/1", 1, 1)]
    public void A_good_spec_parses(string text, int k, int n)
    {
        Assert.True(Shard.TryParse(text, out var shard, out _));
        Assert.Equal(new Shard(k, n), shard);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("x/y")]
    [InlineData("1/2/3")]
    [InlineData("+1/3")]
    [InlineData("")]
    public void A_bad_spec_is_refused_with_a_reason(string text)
    {
        Assert.False(Shard.TryParse(text, out _, out var problem));
        Assert.StartsWith($"--shard '{text}'", problem);
    }
}

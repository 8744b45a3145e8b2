using System.Security.Cryptography;
using AzSync.Testing;
using AzSync.Testing.Trials;
using Microsoft.AspNetCore.Http;

namespace AzSync.EndToEnd.Tests.Trials;

/// <summary>The trials' own instruments: the judge sees each kind of damage, and the faults follow the seed.</summary>
public sealed class TrialJudgeTests
{
    private static Stored Good(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return new Stored(bytes, MD5.HashData(bytes));
    }

    private static SortedDictionary<string, Stored> Container(params (string Path, Stored File)[] files) =>
        new(files.ToDictionary(f => f.Path, f => f.File), StringComparer.Ordinal);

    [Fact]
    public void The_judge_counts_every_kind_of_damage_and_nothing_else()
    {
        var source = new Dictionary<string, byte[]>
        {
            ["same.txt"] = "same"u8.ToArray(),
            ["new.txt"] = "new"u8.ToArray(),
            ["kept.txt"] = "kept"u8.ToArray(),
            ["mixed.txt"] = "whole"u8.ToArray(),
            ["lost.txt"] = "lost"u8.ToArray(),
        };
        var before = Container(("site/same.txt", Good("same")), ("site/kept.txt", Good("kept")),
            ("outside/keep.txt", Good("theirs")), ("site/gone.txt", Good("removed from the source")));
        var after = Container(("site/same.txt", Good("same")),
            ("site/new.txt", Good("new") with { Md5 = MD5.HashData("old"u8) }),
            ("site/mixed.txt", Good("who")));
        var counts = new TrialCounts();
        var report = """{"files":[{"path":"lost.txt","status":"uploaded"},{"path":"mixed.txt","status":"uploaded"}]}""";
        Judge.Check("synthetic", source, null, before, after, report, counts);

        Assert.Equal(1, counts.Md5Mismatches);   // new.txt
        Assert.Equal(2, counts.WronglyDeleted);  // kept.txt (in the selection), outside/keep.txt; not gone.txt
        Assert.Equal(1, counts.Lost);            // lost.txt
        Assert.Equal(2, counts.HalfWritten);     // mixed.txt: no version of the source, and reported uploaded
        Assert.False(counts.Clean);
        Assert.False(Judge.Converged(source, Container(("outside/keep.txt", Good("theirs"))), after));
    }

    [Fact]
    public void The_same_seed_breaks_the_same_requests_and_another_seed_others()
    {
        static HttpRequest Request(int i)
        {
            var ctx = new DefaultHttpContext();
            ctx.Request.Method = i % 3 == 0 ? "GET" : "PUT";
            ctx.Request.Path = $"/devstoreaccount1/c/site/f{i % 40}.bin";
            ctx.Request.QueryString = new QueryString(i % 3 == 0 ? "?restype=container&comp=list" : "");
            return ctx.Request;
        }
        static string Fates(int seed)
        {
            var faults = new RandomFaults(seed, 0.2);
            return string.Join(",", Enumerable.Range(0, 200).Select(i => faults.Choose(Request(i))));
        }
        Assert.Equal(Fates(7), Fates(7));
        Assert.NotEqual(Fates(7), Fates(8));
        var share = Fates(7).Split(',').Count(f => f != nameof(FaultKind.None)) / 200.0;
        Assert.InRange(share, 0.1, 0.3);
    }
}

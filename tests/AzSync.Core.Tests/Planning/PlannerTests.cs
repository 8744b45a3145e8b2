using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AzSync.Core.Manifest;
using AzSync.Core.Planning;
using AzSync.Core.Selection;
using AzSync.Core.Stores;

namespace AzSync.Core.Tests.Planning;

public class PlannerTests
{
    private static readonly Mapping Root = new("/src", Mapping.DefaultInclude, ["**/*.map"], "site", HeaderRules.None);

    internal static (SelectedFile File, byte[] Content) Local(string relative, string content) =>
        (new SelectedFile("site/" + relative, Root), Encoding.UTF8.GetBytes(content));

    internal static StoreEntry Remote(string path, string? content, long? size = null) =>
        new(path, size ?? Encoding.UTF8.GetByteCount(content ?? ""),
            content is null ? null : MD5.HashData(Encoding.UTF8.GetBytes(content)), "etag");

    internal static UInt128 Md5Of(byte[] content) => BinaryPrimitives.ReadUInt128BigEndian(MD5.HashData(content));

    /// <summary>
    /// Plans through the destination matcher as a run does: the selection, then the entries, then the hashes (or the
    /// hashes before the entries, as when the listing is the slower side).
    /// </summary>
    internal static SyncPlan Plan(IEnumerable<(SelectedFile File, byte[] Content)> local,
        IEnumerable<StoreEntry> remote, bool delete = true, Func<string, string?>? checkName = null,
        StoreFeatures? features = null, bool hashFirst = false)
    {
        var files = local.ToList();
        var matcher = new DestinationMatcher([Root], delete);
        matcher.Prepared(features ?? StoreFeatures.Basic);
        matcher.Select([.. files.Select(f => f.File).OrderBy(f => f.DestinationPath, StringComparer.Ordinal)]);
        void Hash()
        {
            foreach (var (file, content) in files)
                DestinationMatcher.Hashed(file, content.Length, Md5Of(content));
        }
        if (hashFirst) Hash();
        // Within the queue's limit an entry is taken at once, so adding never waits here.
        foreach (var entry in remote) matcher.AddAsync(entry, default).AsTask().GetAwaiter().GetResult();
        if (!hashFirst) Hash();
        return Planner.Plan([.. files.Select(f => f.File).OrderBy(f => f.DestinationPath, StringComparer.Ordinal)],
            [], matcher, checkName ?? (_ => null));
    }

    [Fact]
    public void Each_path_gets_the_action_its_content_calls_for_with_a_reason()
    {
        var plan = Plan(
            [Local("new.txt", "n"), Local("same.txt", "s"), Local("edited.txt", "two"), Local("resized.txt", "longer")],
            [Remote("site/same.txt", "s"), Remote("site/edited.txt", "one"), Remote("site/resized.txt", "short"),
                Remote("site/gone.txt", "g")]);

        var byPath = plan.Items.ToDictionary(i => i.Path);
        Assert.Equal(PlanAction.UploadNew, byPath["site/new.txt"].Action);
        Assert.Equal("missing at destination", byPath["site/new.txt"].Reason);
        Assert.Equal(PlanAction.Unchanged, byPath["site/same.txt"].Action);
        Assert.Equal(PlanAction.UploadChanged, byPath["site/edited.txt"].Action);
        Assert.Contains("MD5", byPath["site/edited.txt"].Reason);
        Assert.Contains("size differs", byPath["site/resized.txt"].Reason);
        Assert.Equal(PlanAction.Delete, byPath["site/gone.txt"].Action);
        Assert.Equal(4, plan.FilesUnderTargets);
    }

    [Fact]
    public void A_destination_without_content_md5_is_rewritten_and_says_so()
    {
        var plan = Plan([Local("a.txt", "same")], [Remote("site/a.txt", null, size: 4)]);
        var item = Assert.Single(plan.Items);
        Assert.Equal(PlanAction.UploadChanged, item.Action);
        Assert.Contains("no Content-MD5", item.Reason);
    }

    [Fact]
    public void Deletes_only_when_asked_and_never_what_the_filters_exclude()
    {
        var remote = new[] { Remote("site/old.txt", "o"), Remote("site/app.js.map", "m") };
        Assert.Empty(Plan([], remote, delete: false).Items);
        var plan = Plan([], remote, delete: true);
        Assert.Equal(["site/old.txt"], plan.Deletes.Select(d => d.Path));
    }

    [Fact]
    public void A_name_the_store_refuses_is_an_error_item_not_an_upload()
    {
        var plan =
            Plan([Local("bad|name.txt", "x")], [], checkName: p => p.Contains('|') ? "'|' is not allowed" : null);
        var item = Assert.Single(plan.Items);
        Assert.Equal(PlanAction.Error, item.Action);
        Assert.Equal("'|' is not allowed", item.Reason);
    }

    [Fact]
    public void Headers_come_from_the_extension_unless_the_mapping_overrides_them()
    {
        var rules =
            new HeaderRules("max-age=60", new Dictionary<string, string> { [".wasm"] = "application/x-custom" });
        Assert.Equal("text/html; charset=utf-8", HeaderResolver.Resolve("a/index.HTML", rules).ContentType);
        Assert.Equal("application/x-custom", HeaderResolver.Resolve("m.wasm", rules).ContentType);
        Assert.Equal(HeaderResolver.DefaultType, HeaderResolver.Resolve("LICENSE", rules).ContentType);
        Assert.Equal("max-age=60", HeaderResolver.Resolve("x.css", rules).CacheControl);
    }

    [Theory]
    [InlineData(null, 5, 10, true)]    // default: half may go
    [InlineData(null, 6, 10, false)]
    [InlineData("3", 3, 3, true)]
    [InlineData("3", 4, 100, false)]
    [InlineData("100%", 10, 10, true)]
    [InlineData("10%", 2, 10, false)]
    public void The_delete_guard_applies_counts_and_percentages(string? limit, int deletes, int underTargets,
        bool allowed)
    {
        DeleteLimit? parsed =
            limit is null ? null : DeleteLimit.TryParse(limit, out var l) ? l : throw new InvalidOperationException();
        var items = Enumerable.Range(0, deletes).Select(i => new PlanItem($"f{i}", PlanAction.Delete, "gone")).ToList();
        var message = DeleteGuard.Check(new SyncPlan(items, underTargets), parsed);
        Assert.Equal(allowed, message is null);
        if (!allowed) Assert.Contains("--max-delete", message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("101%")]
    [InlineData("")]
    public void Bad_delete_limits_are_refused(string text) => Assert.False(DeleteLimit.TryParse(text, out _));

    [Fact]
    public void Nested_targets_are_listed_once()
    {
        Mapping M(string target) => Root with { Target = target };
        Assert.Equal([""], RemoteIndex.ListingPrefixes([M("docs"), M(""), M("docs/api")]));
        Assert.Equal(["docs/", "docs2/"], RemoteIndex.ListingPrefixes([M("docs"), M("docs2"), M("docs/api")]));
    }
}

using System.Text;
using AzSync.Core.Manifest;
using AzSync.Core.Planning;
using AzSync.Core.Selection;
using AzSync.Core.Stores;
using static AzSync.Core.Tests.Planning.PlannerTests;

namespace AzSync.Core.Tests.Planning;

/// <summary>The destination matched against the selection as its entries are listed, in either order.</summary>
public class DestinationMatcherTests
{
    private static readonly Mapping Site = new("/src", Mapping.DefaultInclude, ["**/*.map"], "site", HeaderRules.None);
    private static readonly StoreFeatures Insensitive = StoreFeatures.Basic with { CaseInsensitiveNames = true };

    private static SelectedFile File(string relative) => new("site/" + relative, Site);

    private static void Hash(SelectedFile file, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        DestinationMatcher.Hashed(file, bytes.Length, Md5Of(bytes));
    }

    [Fact]
    public async Task Entries_listed_before_the_selection_wait_and_are_matched_once_it_is_known()
    {
        var matcher = new DestinationMatcher([Site], delete: true);
        matcher.Prepared(StoreFeatures.Basic);
        await matcher.AddAsync(Remote("site/same.txt", "s"), default);
        await matcher.AddAsync(Remote("site/gone.txt", "g"), default);
        var same = File("same.txt");
        var added = File("new.txt");

        matcher.Select([added, same]);
        Hash(same, "s");
        Hash(added, "n");
        var plan = Planner.Plan([added, same], [], matcher, _ => null);

        Assert.Equal([("site/new.txt", PlanAction.UploadNew), ("site/same.txt", PlanAction.Unchanged),
            ("site/gone.txt", PlanAction.Delete)], plan.Items.Select(i => (i.Path, i.Action)));
        Assert.Equal(2, plan.FilesUnderTargets);
        // Matched with the same bytes under the same name: neither the entry nor an item of its own is kept.
        Assert.Same(Planner.SameContent, same.Match);
        Assert.Null(plan.Items[1].Remote);
        Assert.Equal(1, plan.Items[1].Local!.Size);
    }

    [Fact]
    public async Task Past_the_queue_limit_the_listing_waits_for_the_selection()
    {
        var matcher = new DestinationMatcher([Site], delete: false);
        matcher.Prepared(StoreFeatures.Basic);
        for (var i = 0; i < DestinationMatcher.QueueLimit; i++)
            await matcher.AddAsync(Remote($"site/f{i}.txt", "x"), default);

        var waiting = matcher.AddAsync(Remote("site/last.txt", "x"), default).AsTask();
        Assert.False(waiting.IsCompleted);
        matcher.Select([]);
        await waiting;

        Assert.Equal(DestinationMatcher.QueueLimit + 1, matcher.Listed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_case_insensitive_store_matches_one_entry_to_a_path_spelled_differently(bool hashFirst)
    {
        var plan = Plan([Local("Index.html", "page"), Local("b.txt", "b")],
            [Remote("site/index.HTML", "page"), Remote("site/b.txt", "b")], features: Insensitive,
            hashFirst: hashFirst);

        Assert.Equal([("site/Index.html", "same MD5 (destination spells it 'site/index.HTML')"),
                ("site/b.txt", "same MD5")],
            plan.Items.Select(i => (i.Path, i.Reason)));
        Assert.Equal("site/index.HTML", plan.Items[0].Remote!.Path);
        Assert.Empty(plan.Deletes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_changed_file_keeps_its_entry_under_its_own_path_string(bool hashFirst)
    {
        var (file, content) = Local("a.txt", "new");
        var plan = Plan([(file, content)], [Remote("site/a.txt", "old")], hashFirst: hashFirst);

        var item = Assert.Single(plan.Items);
        Assert.Equal(PlanAction.UploadChanged, item.Action);
        Assert.Same(file.DestinationPath, item.Remote!.Path);
        Assert.Equal("etag", item.Remote.ETag);
    }

    [Fact]
    public void Only_unclaimed_entries_the_filters_cover_become_deletes_and_every_entry_is_counted()
    {
        StoreEntry[] remote = [Remote("site/old.txt", "o"), Remote("site/app.js.map", "m"), Remote("site/k.txt", "k")];

        var plan = Plan([Local("k.txt", "k")], remote, delete: true);
        Assert.Equal(["site/old.txt"], plan.Deletes.Select(d => d.Path));
        Assert.Equal(3, plan.FilesUnderTargets);

        var kept = Plan([Local("k.txt", "k")], remote, delete: false);
        Assert.Empty(kept.Deletes);
        Assert.Equal(3, kept.FilesUnderTargets);
    }

    [Fact]
    public async Task A_file_that_cannot_be_hashed_claims_nothing()
    {
        var matcher = new DestinationMatcher([Site], delete: true);
        matcher.Prepared(StoreFeatures.Basic);
        var unreadable = File("locked.txt");
        matcher.Select([unreadable]);
        await matcher.AddAsync(Remote("site/locked.txt", "l"), default);

        matcher.Failed(unreadable);
        var plan = Planner.Plan([unreadable], [new SelectionProblem("/src/locked.txt", "cannot read")], matcher,
            _ => null);

        Assert.Equal([("/src/locked.txt", PlanAction.Error), ("site/locked.txt", PlanAction.Delete)],
            plan.Items.Select(i => (i.Path, i.Action)));
    }
}

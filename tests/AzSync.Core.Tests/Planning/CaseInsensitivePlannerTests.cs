using AzSync.Core.Planning;
using AzSync.Core.Stores;
using static AzSync.Core.Tests.Planning.PlannerTests;

namespace AzSync.Core.Tests.Planning;

/// <summary>Destinations such as Azure Files where 'Index.html' and 'index.html' are one file.</summary>
public class CaseInsensitivePlannerTests
{
    private static readonly StoreFeatures Insensitive = StoreFeatures.Basic with { CaseInsensitiveNames = true };

    [Theory]
    [InlineData("new page", PlanAction.UploadChanged,
        "size differs (4 → 8 bytes) (destination spells it 'site/Index.html')")]
    [InlineData("page", PlanAction.Unchanged, "same MD5 (destination spells it 'site/Index.html')")]
    public void A_case_only_rename_is_one_item_for_the_entry_as_the_destination_spells_it_and_never_a_delete(
        string content, PlanAction action, string reason)
    {
        var plan = Plan([Local("index.html", content)], [Remote("site/Index.html", "page")], features: Insensitive);

        var item = Assert.Single(plan.Items);
        Assert.Equal((action, reason), (item.Action, item.Reason));
        Assert.Equal(("site/index.html", "site/Index.html"), (item.Path, item.Remote!.Path));
    }

    [Fact]
    public void A_directory_spelled_differently_at_the_destination_converges_instead_of_being_deleted()
    {
        var plan = Plan([Local("docs/guide.txt", "g"), Local("Dir/x", "x"), Local("dir/y", "y")],
            [Remote("site/Docs/guide.txt", "g"), Remote("site/Dir/x", "x"), Remote("site/Dir/y", "y"),
                Remote("site/Docs/old.txt", "o")],
            features: Insensitive);

        Assert.Equal(3, plan.Count(PlanAction.Unchanged));
        Assert.Equal(["site/Docs/old.txt"], plan.Deletes.Select(d => d.Path));
    }

    [Fact]
    public void A_target_spelled_differently_at_the_destination_still_covers_its_stale_files()
    {
        var plan = Plan([], [Remote("SITE/old.txt", "o")], features: Insensitive);
        Assert.Equal(["SITE/old.txt"], plan.Deletes.Select(d => d.Path));
        Assert.Empty(Plan([], [Remote("SITE/old.txt", "o")]).Items);
    }

    [Fact]
    public void Two_spellings_an_index_holds_apart_are_one_file_the_source_claims_and_neither_is_deleted()
    {
        // An index keyed ordinally (as one read before the store's case rule was known) may hold both spellings.
        var plan = Plan([Local("index.html", "page"), Local("a/b.txt", "b")],
            [Remote("site/Index.html", "page"), Remote("site/INDEX.html", "page"), Remote("site/A/B.txt", "b"),
             Remote("site/a/B.txt", "b"), Remote("site/a/gone.txt", "g")], features: Insensitive);

        Assert.Equal(["site/a/gone.txt"], plan.Deletes.Select(d => d.Path));
        // The first spelling in ordinal order is the one the source file is compared with and replaces.
        Assert.Equal([("site/a/b.txt", "site/A/B.txt"), ("site/index.html", "site/INDEX.html")],
            plan.Items.Where(i => i.Action == PlanAction.Unchanged).Select(i => (i.Path, i.Remote!.Path)));
    }

    [Fact]
    public void A_case_sensitive_destination_keeps_both_spellings_apart()
    {
        var plan = Plan([Local("index.html", "page")], [Remote("site/Index.html", "page")]);

        Assert.Equal(PlanAction.UploadNew, plan.Items.Single(i => i.Path == "site/index.html").Action);
        Assert.Equal(["site/Index.html"], plan.Deletes.Select(d => d.Path));
    }
}

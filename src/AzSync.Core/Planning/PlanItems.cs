using System.Collections;
using AzSync.Core.Selection;

namespace AzSync.Core.Planning;

/// <summary>
/// A plan's items in order: the errors, then each planned file, then the deletes. A file found unchanged while it
/// was matched has no item of its own; one is made when it is read. At 200,000 files an item per unchanged file
/// would be a large part of what a no-change run holds, and they feed only counts and the report's file list.
/// </summary>
internal sealed class PlanItems(IReadOnlyList<PlanItem> errors, IReadOnlyList<SelectedFile> files,
    IReadOnlyList<PlanItem> deletes, int sameContent) : IReadOnlyList<PlanItem>
{
    public int Count => errors.Count + files.Count + deletes.Count;

    /// <summary>How many files have no item of their own (unchanged, found so while matched).</summary>
    public int SameContent => sameContent;

    public PlanItem this[int index] =>
        index < errors.Count ? errors[index]
        : index < errors.Count + files.Count ? Of(files[index - errors.Count])
        : deletes[index - errors.Count - files.Count];

    /// <summary>Each item in order, or, for a file that has none of its own, that file.</summary>
    public IEnumerable<object> Slots()
    {
        foreach (var item in errors) yield return item;
        foreach (var file in files) yield return file.Match as PlanItem ?? (object)file;
        foreach (var item in deletes) yield return item;
    }

    /// <summary>The items that exist: all but those of files found unchanged while matched.</summary>
    public IEnumerable<PlanItem> Kept() => Slots().OfType<PlanItem>();

    internal static PlanItem Of(SelectedFile file) => file.Match as PlanItem ?? Planner.Unchanged(file);

    public IEnumerator<PlanItem> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

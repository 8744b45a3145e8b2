using System.Collections;

namespace AzSync.Core.Reporting;

/// <summary>
/// A read-only list whose elements are made from another list's as they are read, so the report's per-file
/// entries exist one at a time while it is written rather than all together for a run of many files.
/// </summary>
internal sealed class MappedList<TIn, TOut>(IReadOnlyList<TIn> source, Func<TIn, TOut> map) : IReadOnlyList<TOut>
{
    public int Count => source.Count;

    public TOut this[int index] => map(source[index]);

    public IEnumerator<TOut> GetEnumerator()
    {
        for (var i = 0; i < source.Count; i++) yield return map(source[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using Xunit.Abstractions;

[assembly: TestCollectionOrderer("AzSync.EndToEnd.Tests.Support.LongTestsFirst", "AzSync.EndToEnd.Tests")]

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>A test class that takes long (a trial, retries waited out, many cases): xunit starts it among the first.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StartsFirstAttribute : Attribute;

/// <summary>
/// Starts the classes marked <see cref="StartsFirstAttribute"/> before the others, so that with several classes at
/// once (tests/xunit.runner.json) a long one does not start last and finish alone long after the rest (a quick trial
/// started 99 s into a 148 s run and took the last 49 s).
/// </summary>
public sealed class LongTestsFirst : ITestCollectionOrderer
{
    private const string PerClassPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => StartsFirst(c) ? 0 : 1).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    private static bool StartsFirst(ITestCollection collection) =>
        collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal) &&
        typeof(LongTestsFirst).Assembly.GetType(collection.DisplayName[PerClassPrefix.Length..]) is { } type &&
        type.IsDefined(typeof(StartsFirstAttribute), inherit: false);
}

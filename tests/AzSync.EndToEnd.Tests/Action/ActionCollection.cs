using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>The action tests share one packed tool.</summary>
[CollectionDefinition(Name)]
public sealed class ActionCollection : ICollectionFixture<PackedTool>
{
    public const string Name = "GitHub Action";
}

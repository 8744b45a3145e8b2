using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Blobs;

[Trait("Needs", "azurite")]
public sealed class BlobStoreConformanceTests(AzuriteFixture azurite) : StoreConformanceTests,
    IClassFixture<AzuriteFixture>
{
    protected override async Task<IStore> CreateStoreAsync() =>
        (await BlobTestSupport.NewStoreAsync(azurite.Server)).Store;

    protected override async Task<IStore> CreateStoreOverMissingDestinationAsync() =>
        (await BlobTestSupport.NewStoreAsync(azurite.Server, create: false)).Store;

    protected override bool NamesMatchWithoutCase => false;
}

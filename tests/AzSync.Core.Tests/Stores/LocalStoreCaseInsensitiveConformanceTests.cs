using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;
using AzSync.Testing;
using AzSync.Testing.CaseFolding;

namespace AzSync.Core.Tests.Stores;

/// <summary>One case-insensitive folder for the class: mounting is the slow part.</summary>
public sealed class CaseInsensitiveMountFixture : IDisposable
{
    public CaseInsensitiveMount Mount { get; } = CaseInsensitiveMount.Create();

    public void Dispose() => Mount.Dispose();
}

/// <summary>
/// The conformance suite on a local folder that matches names without case (a FUSE passthrough on Linux, the native
/// file system on macOS and Windows), so the facts gated on CaseInsensitiveNames run for the local store too.
/// </summary>
[Trait("Needs", "fuse")]
public sealed class LocalStoreCaseInsensitiveConformanceTests(CaseInsensitiveMountFixture fixture)
    : StoreConformanceTests, IClassFixture<CaseInsensitiveMountFixture>
{
    protected override Task<IStore> CreateStoreAsync() =>
        Task.FromResult<IStore>(new LocalStore(Path.Combine(fixture.Mount.Path, Guid.NewGuid().ToString("N"))));

    protected override Task<IStore> CreateStoreOverMissingDestinationAsync()
    {
        var file = Path.Combine(fixture.Mount.Path, Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "not a folder");
        return Task.FromResult<IStore>(new LocalStore(file));
    }

    protected override bool NamesMatchWithoutCase => true;
}

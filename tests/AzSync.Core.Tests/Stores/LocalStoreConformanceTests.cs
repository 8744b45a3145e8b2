using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;
using AzSync.Testing;

namespace AzSync.Core.Tests.Stores;

public sealed class LocalStoreConformanceTests : StoreConformanceTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("azsync-local-conf-").FullName;

    protected override Task<IStore> CreateStoreAsync() =>
        Task.FromResult<IStore>(new LocalStore(Path.Combine(_root, Guid.NewGuid().ToString("N"))));

    // A local "missing destination" is a path whose parent is a file: it cannot be created or listed.
    protected override Task<IStore> CreateStoreOverMissingDestinationAsync()
    {
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "not a folder");
        return Task.FromResult<IStore>(new LocalStore(file));
    }

    // Asked of the folder itself: one spelling written, the other looked up.
    protected override bool NamesMatchWithoutCase
    {
        get
        {
            var probe = Path.Combine(_root, "case-probe");
            File.WriteAllText(probe, "");
            return File.Exists(Path.Combine(_root, "CASE-PROBE"));
        }
    }
}

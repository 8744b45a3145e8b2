using AzSync.FilesEmulator;

namespace AzSync.Testing;

/// <summary>An in-process Azure Files emulator on a free loopback port, shared by a test class.</summary>
public sealed class FilesEmulatorFixture : IAsyncLifetime
{
    public FilesEmulatorServer Server { get; private set; } = null!;
    public Uri BaseUri => Server.BaseUri;
    public string AccountName => Server.Options.AccountName;
    public string AccountKey => Server.Options.AccountKey;

    public async Task InitializeAsync() =>
        Server = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0 });

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}

namespace AzSync.Testing;

/// <summary>
/// The external peers a test can need, as values of the xunit trait "Needs": <c>[Trait("Needs", Needs.Azurite)]</c>.
/// <c>tools/test.sh --fast</c> leaves out every test that carries one, so it runs without anything that
/// tools/install-deps.sh installs; <see cref="PeerScan"/> fails a test that uses a peer without saying so.
/// The in-process Files emulator, the fake identity server and the built tool binary are not peers.
/// </summary>
public static class Needs
{
    public const string Trait = "Needs";

    /// <summary>The Azurite process (npm).</summary>
    public const string Azurite = "azurite";

    /// <summary>azcopy (npm).</summary>
    public const string AzCopy = "azcopy";

    /// <summary>node with the packages under tools/node (the JS SDKs, the wrappers' builds and tests).</summary>
    public const string Node = "node";

    /// <summary>rclone (Debian).</summary>
    public const string Rclone = "rclone";

    /// <summary>The case-insensitive FUSE folder (fuse3 and python3-fusepy from Debian).</summary>
    public const string Fuse = "fuse";

    /// <summary>A `dotnet pack` of the tool: slow, and it writes to src/AzSync/obj.</summary>
    public const string Pack = "pack";

    public static readonly string[] All = [Azurite, AzCopy, Node, Rclone, Fuse, Pack];
}

namespace AzSync.Tests;

public sealed class PeerTraitTests : AzSync.Testing.PeerTraitCheck;

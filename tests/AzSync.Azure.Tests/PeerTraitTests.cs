namespace AzSync.Azure.Tests;

public sealed class PeerTraitTests : AzSync.Testing.PeerTraitCheck;

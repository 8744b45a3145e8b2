namespace AzSync.EndToEnd.Tests;

public sealed class PeerTraitTests : AzSync.Testing.PeerTraitCheck;

namespace AzSync.Core.Tests;

public sealed class PeerTraitTests : AzSync.Testing.PeerTraitCheck;

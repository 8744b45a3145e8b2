using Azure.Core;

namespace AzSync.Azure.Rest;

/// <summary>How requests to a storage account are authorized. The
/// credential chooser produces one; stores consume it.</summary>
internal abstract record StorageCredential
{
    /// <summary>Human-readable source ("SAS in the destination
    /// URL", "GitHub OIDC", …), never the secret itself.</summary>
    public abstract string Source { get; }

    /// <param name="Query">The SAS query without a leading '?'.</param>
    public sealed record Sas(string Query, string SourceDescription) : StorageCredential
    {
        public override string Source => SourceDescription;
        public override string ToString() => $"SAS ({SourceDescription})";
    }

    public sealed record SharedKey(string AccountName, string AccountKey, string SourceDescription) : StorageCredential
    {
        public override string Source => SourceDescription;
        public override string ToString() => $"Shared Key for {AccountName} ({SourceDescription})";
    }

    /// <param name="Identity">Who the token is for, when known (client id, user), for error messages.</param>
    public sealed record Token(TokenCredential Credential, string SourceDescription,
        string? Identity = null) : StorageCredential
    {
        public override string Source => SourceDescription;
        public override string ToString() => $"Token ({SourceDescription})";
    }

    public sealed record Anonymous() : StorageCredential
    {
        public override string Source => "anonymous";
    }
}

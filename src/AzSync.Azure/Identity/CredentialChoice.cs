using AzSync.Azure.Rest;

namespace AzSync.Azure.Identity;

internal enum StorageService { Blob, File }

/// <summary>A source the chooser looked at and did not use, with why (shown with -v).</summary>
internal sealed record SkippedSource(string Source, string Reason)
{
    public override string ToString() => $"{Source}: {Reason}";
}

/// <summary>The chosen credential and the explanation of the choice. Holds no secret in its text.</summary>
internal sealed record CredentialChoice(
    StorageCredential Credential,
    string Source,
    string Reason,
    IReadOnlyList<SkippedSource> Skipped)
{
    public string? TenantId { get; init; }
    public string? ClientId { get; init; }
    /// <summary>From a connection string (e.g. Azurite's), the endpoints
    /// the CLI should talk to instead of *.core.windows.net.</summary>
    public Uri? BlobEndpoint { get; init; }
    public Uri? FileEndpoint { get; init; }

    public Uri? EndpointFor(StorageService service) => service == StorageService.Blob ? BlobEndpoint : FileEndpoint;

    public override string ToString() => $"{Source} ({Reason})";
}

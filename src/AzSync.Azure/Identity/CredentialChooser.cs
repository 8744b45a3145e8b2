using AzSync.Azure.Rest;

namespace AzSync.Azure.Identity;

/// <summary>Picks the credential for a destination: an explicit mode, or `auto` trying only the sources whose
/// environment is present, in the order documented in docs/auth.md. Every decision is explained.</summary>
internal static class CredentialChooser
{
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>The auto order. Device and anonymous are never guessed.</summary>
    public static IReadOnlyList<AuthMode> AutoOrder { get; } =
    [
        AuthMode.Sas, AuthMode.Key, AuthMode.Workload, AuthMode.GitHubOidc, AuthMode.AzurePipelines,
        AuthMode.Spn, AuthMode.Msi, AuthMode.Login, AuthMode.AzCli, AuthMode.Pwsh,
    ];

    public static CredentialChoice Choose(AuthRequest request)
    {
        var env = new EnvView(request.Environment);
        var (mode, modeOrigin) = ResolveMode(request, env);
        var sources = new CredentialSources(request, env);
        if (mode != AuthMode.Auto)
        {
            var r = sources.Try(mode, explicitMode: true);
            if (r.Credential is null)
                throw new CredentialConfigurationException(
                    $"Authentication mode '{AuthModes.Name(mode)}' ({modeOrigin}) cannot be used: {r.Reason}");
            return r.ToChoice(AuthModes.Name(mode), $"{modeOrigin}; {r.Reason}", []);
        }

        var skipped = new List<SkippedSource>();
        foreach (var candidate in AutoOrder)
        {
            var r = sources.Try(candidate, explicitMode: false);
            if (r.Credential is not null)
                return r.ToChoice(AuthModes.Name(candidate), r.Reason, skipped);
            skipped.Add(new SkippedSource(AuthModes.Name(candidate), r.Reason));
        }
        throw new NoCredentialException(NothingFoundMessage(skipped), skipped);
    }

    internal static (AuthMode Mode, string Origin) ResolveMode(AuthRequest request, EnvView env)
    {
        if (request.Mode is { } m) return (m, m == AuthMode.Auto ? "auto" : "--auth");
        if (env.Get("AZSYNC_AUTH") is { } fromEnv) return (AuthModes.Parse(fromEnv, "AZSYNC_AUTH"), "AZSYNC_AUTH");
        if (env.Get("AZCOPY_AUTO_LOGIN_TYPE") is { } azcopy)
        {
            if (AuthModes.AzCopyLoginTypes.TryGetValue(azcopy, out var mapped))
                return (mapped, $"AZCOPY_AUTO_LOGIN_TYPE={azcopy.ToUpperInvariant()}");
            throw new CredentialConfigurationException(
                $"AZCOPY_AUTO_LOGIN_TYPE has unknown value '{azcopy}'. Valid values: " +
                $"{string.Join(", ", AuthModes.AzCopyLoginTypes.Keys)}.");
        }
        return (AuthMode.Auto, "auto");
    }

    private static string NothingFoundMessage(IReadOnlyList<SkippedSource> skipped) =>
        OtherAccount(skipped) +
        "No credential found for the destination. Do one of:\n" +
        "  - put a SAS in the destination URL (…?sv=…&sig=…) or set AZURE_STORAGE_SAS_TOKEN;\n" +
        "  - set AZURE_STORAGE_KEY (account from the URL) or AZURE_STORAGE_CONNECTION_STRING;\n" +
        "  - in GitHub Actions: grant `permissions: id-token: write` and set AZURE_CLIENT_ID and AZURE_TENANT_ID;\n" +
        "  - in Azure Pipelines: run inside AzureCLI@2 or set SYSTEM_ACCESSTOKEN, " +
        "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, AZURESUBSCRIPTION_CLIENT_ID, AZURESUBSCRIPTION_TENANT_ID;\n" +
        "  - set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH);\n" +
        "  - run `azsync login` (or `az login`) on a workstation.\n" +
        "Sources tried:\n" + string.Join("\n", skipped.Select(s => "  " + s)) +
        "\nSee docs/auth.md.";

    /// <summary>
    /// A connection string set for another account is most often a misspelt account in the URL (devstoreacount1),
    /// so it comes first: the list below would otherwise tell the user to set the variable they have set.
    /// </summary>
    private static string OtherAccount(IReadOnlyList<SkippedSource> skipped) =>
        skipped.FirstOrDefault(s => s.Reason.StartsWith(CredentialSources.OtherAccountPrefix, StringComparison.Ordinal))
            is { } other
            ? $"{other.Reason}: check the account name in the destination URL, or give a credential for that account.\n"
            : "";
}

/// <summary>One source's verdict: a credential with why, or the reason it is not usable.</summary>
internal sealed record SourceResult(StorageCredential? Credential, string Reason)
{
    public string? TenantId { get; init; }
    public string? ClientId { get; init; }
    public Uri? BlobEndpoint { get; init; }
    public Uri? FileEndpoint { get; init; }

    public static SourceResult Skip(string reason) => new(null, reason);

    public CredentialChoice ToChoice(string source, string reason, IReadOnlyList<SkippedSource> skipped) =>
        new(Credential!, source, reason, skipped)
        {
            TenantId = TenantId,
            ClientId = ClientId,
            BlobEndpoint = BlobEndpoint,
            FileEndpoint = FileEndpoint,
        };
}

using System.CommandLine;

namespace AzSync.Commands;

/// <summary>How `sync` and `plan` pick a credential for an Azure destination (see docs/auth.md).</summary>
public sealed class AuthOptions
{
    public Option<string?> Mode { get; } = new("--auth")
    { Description = "Authentication mode: auto, sas, key, workload, github-oidc, azure-pipelines, spn, msi, azcli, pwsh, device, login, anonymous (default: AZSYNC_AUTH, else auto)." };
    public Option<string?> TenantId { get; } = new("--tenant-id") { Description = "Entra ID tenant (default: AZURE_TENANT_ID)." };
    public Option<string?> ClientId { get; } = new("--client-id") { Description = "Application or managed identity client id (default: AZURE_CLIENT_ID)." };
    public Option<string?> AuthorityHost { get; } = new("--authority-host") { Description = "Entra ID authority for sovereign clouds, https only (default: AZURE_AUTHORITY_HOST)." };
    public Option<string?> ServiceConnectionId { get; } = new("--service-connection-id") { Description = "Azure Pipelines service connection id (default: AZURESUBSCRIPTION_SERVICE_CONNECTION_ID)." };

    public IEnumerable<Option> All => [Mode, TenantId, ClientId, AuthorityHost, ServiceConnectionId];
}

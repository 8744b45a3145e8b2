using Azure.Identity;
using AzSync.Azure.Rest;

namespace AzSync.Azure.Identity;

/// <summary>Decides, per source, whether its environment is present; the token sources live in
/// <see cref="TokenSources"/>. Reasons name variables, never their values.</summary>
internal sealed class CredentialSources(AuthRequest request, EnvView env)
{
    private readonly TokenSources tokens = new(request, env);

    public SourceResult Try(AuthMode mode, bool explicitMode) => mode switch
    {
        AuthMode.Sas => Sas(),
        AuthMode.Key => Key(),
        AuthMode.Workload => Workload(),
        AuthMode.GitHubOidc => GitHubOidc(),
        AuthMode.AzurePipelines => AzurePipelines(),
        AuthMode.Spn => Spn(),
        AuthMode.Msi => Msi(explicitMode),
        AuthMode.Login => Login(),
        AuthMode.AzCli => AzCli(explicitMode),
        AuthMode.Pwsh => Pwsh(explicitMode),
        AuthMode.Device => Device(),
        AuthMode.Anonymous =>
            new SourceResult(new StorageCredential.Anonymous(), "no credential: public read access only"),
        _ => SourceResult.Skip($"unsupported mode {mode}"),
    };

    private (string? Value, string? Name) Tenant() =>
        env.FlagOr(request.TenantId, "--tenant-id", "AZURE_TENANT_ID", "AZCOPY_TENANT_ID");

    /// <summary>Azure.Identity refuses a tenant with anything but
    /// letters, digits, '.' and '-', with an ArgumentException
    /// that names no setting; checked only where a credential uses it,
    /// so a stray value cannot block a source that does not.</summary>
    private static string? Checked((string? Value, string? Name) tenant)
    {
        if (tenant.Value is { } value && !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
            throw new CredentialConfigurationException(
                $"{tenant.Name} is not a valid tenant id: give the directory (tenant) id, a GUID, " +
                "or a domain such as contoso.onmicrosoft.com.");
        return tenant.Value;
    }

    private (string? Value, string? Name) Client() =>
        env.FlagOr(request.ClientId, "--client-id", "AZURE_CLIENT_ID", "AZCOPY_SPA_APPLICATION_ID");

    private SourceResult Sas()
    {
        if (!string.IsNullOrWhiteSpace(request.SasQuery))
            return new(new StorageCredential.Sas(request.SasQuery.TrimStart('?'), "SAS in the destination URL"),
                "the destination URL carries a SAS");
        if (env.Get("AZURE_STORAGE_SAS_TOKEN") is { } sas)
            return new(new StorageCredential.Sas(sas.TrimStart('?'), "AZURE_STORAGE_SAS_TOKEN"),
                "AZURE_STORAGE_SAS_TOKEN is set");
        return SourceResult.Skip("no SAS in the destination URL and AZURE_STORAGE_SAS_TOKEN is not set");
    }

    internal const string OtherAccountPrefix = "AZURE_STORAGE_CONNECTION_STRING is for account ";

    private SourceResult Key()
    {
        if (env.Get("AZURE_STORAGE_KEY") is { } key)
        {
            if (request.AccountName is null)
                return SourceResult.Skip("AZURE_STORAGE_KEY is set but the destination names no storage account");
            StorageConnectionString.CheckAccountKey(key, "AZURE_STORAGE_KEY");
            return new(new StorageCredential.SharedKey(request.AccountName, key, "AZURE_STORAGE_KEY"),
                $"AZURE_STORAGE_KEY is set (account {request.AccountName} from the destination URL)");
        }
        if (env.Get("AZURE_STORAGE_CONNECTION_STRING") is { } cs)
        {
            var parsed = StorageConnectionString.Parse(cs, "AZURE_STORAGE_CONNECTION_STRING");
            if (request.AccountName is not null && parsed.AccountName is not null &&
                !parsed.AccountName.Equals(request.AccountName, StringComparison.OrdinalIgnoreCase))
                return SourceResult.Skip(
                    $"{OtherAccountPrefix}{parsed.AccountName}, the destination is {request.AccountName}");
            var why = parsed.IsDevelopmentStorage
                ? "AZURE_STORAGE_CONNECTION_STRING is UseDevelopmentStorage=true (Azurite's devstoreaccount1)"
                : "AZURE_STORAGE_CONNECTION_STRING is set";
            StorageCredential credential = parsed.AccountKey is not null
                ? new StorageCredential.SharedKey(parsed.AccountName!, parsed.AccountKey,
                    "AZURE_STORAGE_CONNECTION_STRING")
                : new StorageCredential.Sas(parsed.SharedAccessSignature!, "AZURE_STORAGE_CONNECTION_STRING");
            return new(credential, why) { BlobEndpoint = parsed.BlobEndpoint, FileEndpoint = parsed.FileEndpoint };
        }
        return SourceResult.Skip("neither AZURE_STORAGE_KEY nor AZURE_STORAGE_CONNECTION_STRING is set");
    }

    private static string? Missing(params (string? Value, string Name)[] needed)
    {
        var missing = needed.Where(n => n.Value is null).Select(n => n.Name).ToList();
        return missing.Count == 0 ? null
            : string.Join(" and ", missing) + (missing.Count == 1 ? " is" : " are") + " not set";
    }

    private SourceResult Workload()
    {
        var file = env.Get("AZURE_FEDERATED_TOKEN_FILE");
        var tenant = Tenant();
        var client = Client();
        if (Missing((file, "AZURE_FEDERATED_TOKEN_FILE"), (tenant.Value, "AZURE_TENANT_ID"),
            (client.Value, "AZURE_CLIENT_ID")) is { } m)
            return SourceResult.Skip(m);
        return Token(tokens.Workload(Checked(tenant)!, client.Value!, file!), "workload identity",
            $"AZURE_FEDERATED_TOKEN_FILE is set (tenant from {tenant.Name}, client from {client.Name})", tenant.Value,
                client.Value);
    }

    private SourceResult GitHubOidc()
    {
        var url = env.Get("ACTIONS_ID_TOKEN_REQUEST_URL");
        var token = env.Get("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        if (url is null && token is null)
            return SourceResult.Skip(
                "ACTIONS_ID_TOKEN_REQUEST_URL is not set (outside GitHub Actions, or the job lacks `permissions: " +
                "id-token: write`)");
        var tenant = Tenant();
        var client = Client();
        if (Missing((url, "ACTIONS_ID_TOKEN_REQUEST_URL"), (token, "ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
                (tenant.Value, "AZURE_TENANT_ID"), (client.Value, "AZURE_CLIENT_ID")) is { } m)
            return SourceResult.Skip(m);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            throw new CredentialConfigurationException(
                "ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL; " +
                "GitHub Actions sets it in a job with `permissions: id-token: write`.");
        return Token(tokens.GitHub(Checked(tenant)!, client.Value!, url!, token!), "GitHub OIDC",
            $"GitHub Actions OIDC is available (tenant from {tenant.Name}, client from {client.Name})", tenant.Value,
                client.Value);
    }

    private SourceResult AzurePipelines()
    {
        var uri = env.Get("SYSTEM_OIDCREQUESTURI");
        if (uri is null) return SourceResult.Skip("SYSTEM_OIDCREQUESTURI is not set (not in Azure Pipelines)");
        var connection = env.FlagOr(request.ServiceConnectionId, "--service-connection-id",
            "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID");
        var systemToken = env.Get("SYSTEM_ACCESSTOKEN");
        var client = env.FlagOr(request.ClientId, "--client-id", "AZURESUBSCRIPTION_CLIENT_ID", "AZURE_CLIENT_ID");
        var tenant = env.FlagOr(request.TenantId, "--tenant-id", "AZURESUBSCRIPTION_TENANT_ID", "AZURE_TENANT_ID");
        if (Missing((connection.Value, "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"),
                (systemToken, "SYSTEM_ACCESSTOKEN (map it with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`)"),
                (client.Value, "AZURESUBSCRIPTION_CLIENT_ID"), (tenant.Value, "AZURESUBSCRIPTION_TENANT_ID")) is { } m)
            return SourceResult.Skip(m);
        return Token(tokens.Pipelines(Checked(tenant)!, client.Value!, connection.Value!, systemToken!, uri),
            "Azure Pipelines",
            $"Azure Pipelines OIDC via service connection {connection.Value} (from {connection.Name})", tenant.Value,
                client.Value);
    }

    private SourceResult Spn()
    {
        var secret = env.First("AZURE_CLIENT_SECRET", "AZCOPY_SPA_CLIENT_SECRET");
        var cert = env.First("AZURE_CLIENT_CERTIFICATE_PATH", "AZCOPY_SPA_CERT_PATH");
        if (secret.Value is null && cert.Value is null)
            return SourceResult.Skip("neither AZURE_CLIENT_SECRET nor AZURE_CLIENT_CERTIFICATE_PATH is set");
        var tenant = Tenant();
        var client = Client();
        if (Missing((tenant.Value, "AZURE_TENANT_ID"), (client.Value, "AZURE_CLIENT_ID")) is { } m)
            return SourceResult.Skip($"{secret.Name ?? cert.Name} is set but {m}");
        if (secret.Value is not null)
            return Token(tokens.Secret(Checked(tenant)!, client.Value!, secret.Value), "service principal (secret)",
                $"{secret.Name} is set (tenant from {tenant.Name}, client from {client.Name})", tenant.Value,
                    client.Value);
        var password = env.First("AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZCOPY_SPA_CERT_PASSWORD").Value;
        return Token(tokens.Certificate(Checked(tenant)!, client.Value!, cert.Value!, password, cert.Name!),
            "service principal (certificate)",
            $"{cert.Name} is set (tenant from {tenant.Name}, client from {client.Name})", tenant.Value, client.Value);
    }

    private SourceResult Msi(bool explicitMode)
    {
        var appService = env.Has("IDENTITY_ENDPOINT") && env.Has("IDENTITY_HEADER");
        var legacy = env.Has("MSI_ENDPOINT");
        if (!appService && !legacy && !explicitMode)
            return SourceResult.Skip(
                "no managed identity endpoint (IDENTITY_ENDPOINT+IDENTITY_HEADER or MSI_ENDPOINT) is set");
        var client = env.FlagOr(request.ClientId, "--client-id", "AZCOPY_MSI_CLIENT_ID", "AZURE_CLIENT_ID");
        var where = appService ? "IDENTITY_ENDPOINT and IDENTITY_HEADER are set" : legacy ? "MSI_ENDPOINT is set"
            : "instance metadata service (IMDS)";
        var which =
            client.Value is null ? "system-assigned" : $"user-assigned client {client.Value} (from {client.Name})";
        return Token(tokens.ManagedIdentity(client.Value), "managed identity", $"{where}; {which}", null, client.Value,
            appService ? "IDENTITY_ENDPOINT" : legacy ? "MSI_ENDPOINT" : "the instance metadata service");
    }

    private SourceResult Login()
    {
        var store = new LoginStore(request.Environment);
        if (!store.HasRecord) return SourceResult.Skip($"no `azsync login` record at {store.RecordPath}");
        AuthenticationRecord record;
        try
        {
            record = store.LoadRecord()!;
        }
        catch (CredentialConfigurationException e)
        {
            // `auto` reaches this source without the user asking for it: a
            // broken record must not stop a run another source can serve.
            return SourceResult.Skip(e.Message);
        }
        return Token(tokens.Login(store, record), "azsync login",
            $"`azsync login` record for {record.Username} at {store.RecordPath}", record.TenantId, record.ClientId);
    }

    private SourceResult AzCli(bool explicitMode)
    {
        var path = env.FindOnPath("az");
        if (path is null && !explicitMode) return SourceResult.Skip("`az` is not on PATH");
        return Token(tokens.AzCli(Checked(Tenant())), "Azure CLI", path is null ? "requested" : $"`az` found at {path}",
            Tenant().Value, null, "`az`");
    }

    private SourceResult Pwsh(bool explicitMode)
    {
        var path = env.FindOnPath("pwsh");
        if (path is null && !explicitMode) return SourceResult.Skip("`pwsh` is not on PATH");
        return Token(tokens.Pwsh(Checked(Tenant())), "Azure PowerShell", path is null ? "requested"
            : $"`pwsh` found at {path}", Tenant().Value, null, "`pwsh`");
    }

    private SourceResult Device()
    {
        if (env.IsCi)
            return SourceResult.Skip(
                "device code sign-in needs a person; refused in CI (CI, GITHUB_ACTIONS or TF_BUILD is set)");
        if (!request.StdinInteractive && !request.StdoutInteractive)
            return SourceResult.Skip("device code sign-in needs a terminal; stdin and stdout are not interactive");
        return Token(tokens.Device(Checked(Tenant()), Client().Value), "device code", "device code sign-in requested",
            Tenant().Value, Client().Value);
    }

    private SourceResult Token(global::Azure.Core.TokenCredential credential, string source, string reason,
        string? tenant, string? client, string? authority = null) =>
        new(new StorageCredential.Token(new ExplainedCredential(credential, source, authority ?? tokens.Authority),
            source, client), reason)
        {
            TenantId = tenant,
            ClientId = client,
        };
}

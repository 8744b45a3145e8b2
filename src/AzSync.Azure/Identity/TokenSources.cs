using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;

namespace AzSync.Azure.Identity;

/// <summary>Builds the Azure.Identity credentials with the request's authority host and transport. Options are set
/// explicitly from the injected environment, because several
/// Azure.Identity defaults read the process environment.</summary>
internal sealed class TokenSources(AuthRequest request, EnvView env)
{
    private static readonly Uri[] KnownClouds =
        [AzureAuthorityHosts.AzurePublicCloud, AzureAuthorityHosts.AzureChina, AzureAuthorityHosts.AzureGovernment];

    private Uri? AuthorityHost()
    {
        var (value, name) = env.FlagOr(request.AuthorityHost, "--authority-host", "AZURE_AUTHORITY_HOST",
            "AZCOPY_ACTIVE_DIRECTORY_ENDPOINT");
        if (value is null) return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new CredentialConfigurationException($"{name} must be an absolute https:// URL (got '{value}').");
        return uri;
    }

    /// <summary>The Entra authority's host (and port), for messages about where a token was asked for.</summary>
    public string Authority => (AuthorityHost() ?? AzureAuthorityHosts.AzurePublicCloud).Authority;

    /// <summary>Instance discovery only knows the public clouds; a private
    /// authority (Azure Stack, a test fake) needs it off.</summary>
    private static bool DisableDiscovery(Uri? host) =>
        host is not null && !KnownClouds.Any(k => k.Host.Equals(host.Host, StringComparison.OrdinalIgnoreCase));

    private T Configure<T>(T options) where T : TokenCredentialOptions
    {
        if (AuthorityHost() is { } host) options.AuthorityHost = host;
        if (request.Transport is not null) options.Transport = request.Transport;
        return options;
    }

    public TokenCredential Workload(string tenant, string client, string file)
    {
        var o = Configure(
            new WorkloadIdentityCredentialOptions { TenantId = tenant, ClientId = client, TokenFilePath = file });
        o.DisableInstanceDiscovery = DisableDiscovery(AuthorityHost());
        return new WorkloadIdentityCredential(o);
    }

    public TokenCredential GitHub(string tenant, string client, string url, string token)
    {
        var assertion = new GitHubOidcAssertion(url, token, request.Transport);
        var o = Configure(new ClientAssertionCredentialOptions());
        o.DisableInstanceDiscovery = DisableDiscovery(AuthorityHost());
        return new ClientAssertionCredential(tenant, client, assertion.GetAssertionAsync, o);
    }

    public TokenCredential Pipelines(string tenant, string client, string connection, string systemToken,
        string oidcUri)
    {
        var o = Configure(new AzurePipelinesCredentialOptions());
        // The OIDC URI option is internal and defaults to the process's SYSTEM_OIDCREQUESTURI; set it from the
        // injected environment so what the chooser explains is what the credential calls.
        typeof(AzurePipelinesCredentialOptions).GetProperty("OidcRequestUri",
                System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public |
                System.Reflection.BindingFlags.NonPublic)
            ?.SetValue(o, oidcUri);
        o.DisableInstanceDiscovery = DisableDiscovery(AuthorityHost());
        return new AzurePipelinesCredential(tenant, client, connection, systemToken, o);
    }

    public TokenCredential Secret(string tenant, string client, string secret)
    {
        var o = Configure(new ClientSecretCredentialOptions());
        o.DisableInstanceDiscovery = DisableDiscovery(AuthorityHost());
        return new ClientSecretCredential(tenant, client, secret, o);
    }

    public TokenCredential Certificate(string tenant, string client, string path, string? password, string variable)
    {
        X509Certificate2 cert;
        try
        {
            cert = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
                                       or System.Security.Cryptography.CryptographicException)
        {
            throw new CredentialConfigurationException(
                $"{variable} = {path}: cannot load the certificate ({e.GetType().Name}). " +
                "Give a PEM file with the private key, or a PFX with AZURE_CLIENT_CERTIFICATE_PASSWORD.");
        }
        var o = Configure(new ClientCertificateCredentialOptions());
        o.DisableInstanceDiscovery = DisableDiscovery(AuthorityHost());
        return new ClientCertificateCredential(tenant, client, cert, o);
    }

    /// <remarks>Azure.Identity finds the endpoint itself from the process's IDENTITY_ENDPOINT/MSI_ENDPOINT; the chooser
    /// only picks this source when the (injected) environment has
    /// one, which in the CLI is the same environment.</remarks>
    public TokenCredential ManagedIdentity(string? clientId)
    {
        var id =
            clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId);
        var o = new ManagedIdentityCredentialOptions(id);
        if (request.Transport is not null) o.Transport = request.Transport;
        // A VM without an identity never answers IMDS: fail fast instead of retrying for a minute.
        o.Retry.NetworkTimeout = request.ManagedIdentityTimeout;
        o.Retry.MaxRetries = 1;
        return new ManagedIdentityCredential(o);
    }

    // az and pwsh are started through /bin/sh with the process's PATH; the chooser checked the injected PATH.
    public TokenCredential AzCli(string? tenant) =>
        new AzureCliCredential(
            Configure(new AzureCliCredentialOptions { TenantId = tenant, ProcessTimeout = request.ProcessTimeout }));

    public TokenCredential Pwsh(string? tenant) =>
        new AzurePowerShellCredential(Configure(
            new AzurePowerShellCredentialOptions { TenantId = tenant, ProcessTimeout = request.ProcessTimeout }));

    public DeviceCodeCredentialOptions DeviceOptions(string? tenant, string? client)
    {
        var prompt = request.Prompt ?? Console.Error;
        var o = Configure(new DeviceCodeCredentialOptions
        {
            DeviceCodeCallback = (info, _) =>
                { prompt.WriteLine(info.Message); prompt.Flush(); return Task.CompletedTask; },
        });
        if (tenant is not null) o.TenantId = tenant;
        if (client is not null) o.ClientId = client;
        o.DisableInstanceDiscovery = DisableDiscovery(AuthorityHost());
        return o;
    }

    public TokenCredential Device(string? tenant, string? client) =>
        new DeviceCodeCredential(DeviceOptions(tenant, client));

    /// <summary>The `azsync login` cache: silent only, a sync never prompts.</summary>
    public TokenCredential Login(LoginStore store, AuthenticationRecord record)
    {
        var o = DeviceOptions(record.TenantId, record.ClientId);
        o.AuthenticationRecord = record;
        o.DisableAutomaticAuthentication = true;
        o.TokenCachePersistenceOptions = store.CacheOptions(store.UsesUnencryptedCache);
        return new DeviceCodeCredential(o);
    }
}

using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace AzSync.Azure.Identity;

internal sealed record LoginRequest(string? TenantId, string? ClientId, bool AllowUnencryptedCache, bool Interactive);

internal sealed record LoginStatus(bool LoggedIn, string Message, AuthenticationRecord? Record = null,
    DateTimeOffset? ExpiresOn = null);

/// <summary>`azsync login` / `logout` / `login status`: a device-code sign-in whose tokens persist in the OS secret
/// store (or, when the user allows it, in an owner-only file) and whose AuthenticationRecord lets later runs sign
/// in silently.</summary>
internal sealed class LoginService(IReadOnlyDictionary<string, string?> environment,
    HttpPipelineTransport? transport = null, TextWriter? prompt = null)
{
    private readonly EnvView _env = new(environment);
    public LoginStore Store { get; } = new(environment);

    private TokenSources Sources(string? tenant) => new(new AuthRequest
    {
        Environment = environment,
        Transport = transport,
        Prompt = prompt,
        TenantId = tenant,
    }, _env);

    public async Task<AuthenticationRecord> LoginAsync(LoginRequest request, CancellationToken ct)
    {
        if (_env.IsCi)
            throw new CredentialConfigurationException(
                "`azsync login` uses device code sign-in, which needs a person: refused in CI (CI, GITHUB_ACTIONS or " +
                "TF_BUILD is set). In CI use GitHub OIDC, Azure Pipelines, a service principal or a managed identity " +
                "(see docs/auth.md).");
        if (!request.Interactive)
            throw new CredentialConfigurationException(
                "`azsync login` needs a terminal for the device code prompt; stdin/stdout are not interactive.");

        var tenant = request.TenantId ?? _env.First("AZURE_TENANT_ID", "AZCOPY_TENANT_ID").Value;
        var options = Sources(tenant).DeviceOptions(tenant, request.ClientId);
        options.TokenCachePersistenceOptions = Store.CacheOptions(request.AllowUnencryptedCache);
        Store.CreateDirectory();
        var credential = new DeviceCodeCredential(options);
        AuthenticationRecord record;
        try
        {
            record = await credential.AuthenticateAsync(new TokenRequestContext([CredentialChooser.StorageScope]), ct)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (!request.AllowUnencryptedCache && IsSecretStoreFailure(e))
        {
            throw new CredentialConfigurationException(
                "No OS secret store is available to keep the sign-in (on Linux: libsecret with a running keyring, " +
                "e.g. gnome-keyring in a D-Bus session). Install/unlock one, or run `azsync login " +
                "--allow-unencrypted-cache` to keep the tokens in an owner-only (0600) file under " +
                $"{Store.Directory}. Details: {e.GetBaseException().Message}", e);
        }
        await Store.SaveRecordAsync(record, ct).ConfigureAwait(false);
        if (File.Exists(Store.UnencryptedCachePath) && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(Store.UnencryptedCachePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return record;
    }

    /// <summary>MSAL reports a missing keyring as a persistence
    /// failure (MsalCachePersistenceException, or Azure.Identity's
    /// "Persistence check failed"), sometimes wrapped; look through the chain.</summary>
    internal static bool IsSecretStoreFailure(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x.GetType().Name.Contains("Persistence", StringComparison.Ordinal) ||
                x.Message.Contains("Persistence check failed", StringComparison.OrdinalIgnoreCase) ||
                x.Message.Contains("libsecret", StringComparison.OrdinalIgnoreCase) ||
                x is DllNotFoundException)
                return true;
        }
        return false;
    }

    public async Task<LoginStatus> StatusAsync(CancellationToken ct)
    {
        var record = await Store.LoadRecordAsync(ct).ConfigureAwait(false);
        if (record is null) return new(false, $"Not logged in (no record at {Store.RecordPath}). Run `azsync login`.");
        var credential = Sources(record.TenantId).Login(Store, record);
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([CredentialChooser.StorageScope]), ct)
                .ConfigureAwait(false);
            return new(true,
                $"Logged in as {record.Username} (tenant {record.TenantId}); token valid until {token.ExpiresOn:u}.",
                record, token.ExpiresOn);
        }
        catch (Exception e) when (e is AuthenticationFailedException or AuthenticationRequiredException
                                       or CredentialUnavailableException)
        {
            return new(false,
                $"A login record for {record.Username} (tenant {record.TenantId}) " +
                "exists but no token can be had silently " +
                $"({e.GetType().Name}). Run `azsync login` again.", record);
        }
    }

    public IReadOnlyList<string> Logout() => Store.Delete();
}

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>Environments for runs that must see only the credential a test gives them.</summary>
public static class CredentialEnv
{
    /// <summary>What a CI runner or a workstation may have set that `auto` would pick before the source under
    /// test.</summary>
    public static readonly string[] HostVariables =
    [
        "AZSYNC_AUTH", "AZCOPY_AUTO_LOGIN_TYPE", "AZURE_STORAGE_SAS_TOKEN", "AZURE_STORAGE_KEY",
        "AZURE_STORAGE_CONNECTION_STRING", "AZURE_FEDERATED_TOKEN_FILE", "ACTIONS_ID_TOKEN_REQUEST_URL",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "SYSTEM_OIDCREQUESTURI", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET",
        "AZURE_CLIENT_CERTIFICATE_PATH", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT",
    ];

    /// <summary>Nothing of the host's: no credential variable, the `azsync login` store in the test's folder, and a
    /// PATH without az or pwsh; then <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Only(E2eTempDir dir, params (string Name, string? Value)[] extra)
    {
        var env = new Dictionary<string, string?>
        {
            ["AZSYNC_CONFIG_DIR"] = Path.Combine(dir.Root, "config"),
            ["PATH"] = dir.Source,
            ["AZURE_TENANT_ID"] = null,
            ["AZURE_AUTHORITY_HOST"] = null,
        };
        foreach (var name in HostVariables) env[name] = null;
        foreach (var (name, value) in extra) env[name] = value;
        return env;
    }
}

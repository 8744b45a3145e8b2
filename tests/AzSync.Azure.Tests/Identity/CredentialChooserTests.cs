using AzSync.Azure.Identity;
using AzSync.Azure.Rest;

namespace AzSync.Azure.Tests.Identity;

public sealed class CredentialChooserTests : IDisposable
{
    private const string Secret = "s3cr3t-client-secret-value";
    private const string Key = "a2V5LXRoYXQtbXVzdC1ub3QtbGVhaw==";
    private const string Sig = "sig=SIGNATURE-MUST-NOT-LEAK";
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-chooser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string?> Env(params (string, string)[] vars)
    {
        // An empty PATH and a private config dir: the machine's az/pwsh and login never leak into these tests.
        var d = new Dictionary<string, string?>
        {
            ["PATH"] = Path.Combine(_dir, "nobin"),
            ["AZSYNC_CONFIG_DIR"] = Path.Combine(_dir, "cfg")
        };
        foreach (var (k, v) in vars) d[k] = v;
        return d;
    }

    private static CredentialChoice Choose(Dictionary<string, string?> env, AuthMode? mode = null,
        string? sas = null) =>
        CredentialChooser
            .Choose(new AuthRequest { Mode = mode, AccountName = "acct", Environment = env, SasQuery = sas });

    private static void NoSecrets(params string?[] texts)
    {
        foreach (var t in texts)
        {
            if (t is null) continue;
            Assert.DoesNotContain(Secret, t);
            Assert.DoesNotContain(Key, t);
            Assert.DoesNotContain("SIGNATURE-MUST-NOT-LEAK", t);
        }
    }

    private static string Describe(CredentialChoice c) =>
        $"{c} {c.Credential} {string.Join("; ", c.Skipped)}";

    [Fact]
    public void Sas_in_url_wins_over_everything()
    {
        var c = Choose(Env(("AZURE_STORAGE_KEY", Key), ("AZURE_CLIENT_SECRET", Secret)), sas: "sv=2024&" + Sig);
        var sas = Assert.IsType<StorageCredential.Sas>(c.Credential);
        Assert.Equal("sv=2024&" + Sig, sas.Query);
        Assert.Equal("sas", c.Source);
        Assert.Empty(c.Skipped);
        NoSecrets(Describe(c));
    }

    [Fact]
    public void Sas_token_env_strips_question_mark()
    {
        var c = Choose(Env(("AZURE_STORAGE_SAS_TOKEN", "?sv=1&" + Sig)));
        Assert.Equal("sv=1&" + Sig, Assert.IsType<StorageCredential.Sas>(c.Credential).Query);
        NoSecrets(Describe(c));
    }

    [Fact]
    public void Key_uses_account_from_url_and_lists_sas_as_skipped()
    {
        var c = Choose(Env(("AZURE_STORAGE_KEY", Key)));
        var k = Assert.IsType<StorageCredential.SharedKey>(c.Credential);
        Assert.Equal(("acct", Key), (k.AccountName, k.AccountKey));
        Assert.Equal("sas", Assert.Single(c.Skipped).Source);
        Assert.Contains("AZURE_STORAGE_SAS_TOKEN", c.Skipped[0].Reason);
        NoSecrets(Describe(c));
    }

    [Fact]
    public void Development_storage_connection_string_gives_azurite_account_and_endpoints()
    {
        var c = CredentialChooser.Choose(new AuthRequest
        {
            Environment = Env(("AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true")),
        });
        var k = Assert.IsType<StorageCredential.SharedKey>(c.Credential);
        Assert.Equal("devstoreaccount1", k.AccountName);
        Assert.Equal(StorageConnectionString.DevelopmentKey, k.AccountKey);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), c.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10004/devstoreaccount1"), c.EndpointFor(StorageService.File));
    }

    [Fact]
    public void Connection_string_with_key_and_endpoint_and_one_with_sas()
    {
        var c = Choose(Env(("AZURE_STORAGE_CONNECTION_STRING",
            $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};" +
            "BlobEndpoint=https://127.0.0.1:9999/acct")));
        Assert.Equal(Key, Assert.IsType<StorageCredential.SharedKey>(c.Credential).AccountKey);
        Assert.Equal(new Uri("https://127.0.0.1:9999/acct"), c.BlobEndpoint);
        Assert.Equal(new Uri("https://acct.file.core.windows.net"), c.FileEndpoint);
        NoSecrets(Describe(c));

        var s = Choose(Env(("AZURE_STORAGE_CONNECTION_STRING",
            $"BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sv=1&{Sig}")));
        Assert.Equal("sv=1&" + Sig, Assert.IsType<StorageCredential.Sas>(s.Credential).Query);
    }

    [Fact]
    public void Connection_string_for_another_account_is_skipped_with_reason()
    {
        var e = Assert.Throws<NoCredentialException>(() =>
            Choose(Env(("AZURE_STORAGE_CONNECTION_STRING", $"AccountName=other;AccountKey={Key}"))));
        Assert.Contains("is for account other, the destination is acct",
            e.Skipped.Single(s => s.Source == "key").Reason);
        NoSecrets(e.Message);
    }

    [Theory]
    [InlineData("AZURE_STORAGE_KEY", "s3cr3t!not-base64", "AZURE_STORAGE_KEY")]
    [InlineData("AZURE_STORAGE_CONNECTION_STRING", "AccountName=acct;AccountKey=s3cr3t!not-base64",
        "AZURE_STORAGE_CONNECTION_STRING: AccountKey")]
    [InlineData("AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true;DevelopmentStorageProxyUri=s3cr3t!",
        "DevelopmentStorageProxyUri")]
    [InlineData("AZURE_STORAGE_CONNECTION_STRING", "AccountName=acct;AccountKey=a2V5;EndpointSuffix=s3cr3t suffix",
        "EndpointSuffix")]
    [InlineData("AZURE_STORAGE_CONNECTION_STRING", "AccountName=acct;AccountKey=a2V5;DefaultEndpointsProtocol=ftp",
        "DefaultEndpointsProtocol")]
    public void A_key_or_endpoint_that_cannot_be_used_is_named_before_any_request(string variable, string value,
        string named)
    {
        var e = Assert.Throws<CredentialConfigurationException>(() => Choose(Env((variable, value))));
        Assert.Contains(named, e.Message);
        Assert.DoesNotContain("s3cr3t", e.Message);
    }

    [Fact]
    public void Malformed_connection_string_error_hides_value()
    {
        var e = Assert.Throws<CredentialConfigurationException>(() =>
            Choose(Env(("AZURE_STORAGE_CONNECTION_STRING", Key))));
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", e.Message);
        NoSecrets(e.Message);
    }

    public static TheoryData<string, (string, string)[]> AutoSources => new()
    {
        { "workload",
            [("AZURE_FEDERATED_TOKEN_FILE", "/var/run/token"), ("AZURE_TENANT_ID", "t"), ("AZURE_CLIENT_ID", "c")] },
        { "github-oidc", [("ACTIONS_ID_TOKEN_REQUEST_URL", "https://gh.example/x?a=1"),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", Secret), ("AZURE_TENANT_ID", "t"), ("AZURE_CLIENT_ID", "c")] },
        { "azure-pipelines", [("SYSTEM_OIDCREQUESTURI", "https://dev.azure.com/o/p"),
            ("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", "sc"), ("SYSTEM_ACCESSTOKEN", Secret),
            ("AZURESUBSCRIPTION_CLIENT_ID", "c"), ("AZURESUBSCRIPTION_TENANT_ID", "t")] },
        { "spn", [("AZURE_CLIENT_SECRET", Secret), ("AZURE_TENANT_ID", "t"), ("AZURE_CLIENT_ID", "c")] },
        { "msi", [("IDENTITY_ENDPOINT", "http://127.0.0.1:1/msi"), ("IDENTITY_HEADER", Secret)] },
        { "msi", [("MSI_ENDPOINT", "http://127.0.0.1:1/msi")] },
    };

    [Theory]
    [MemberData(nameof(AutoSources))]
    public void Each_token_source_is_chosen_when_its_environment_is_present_and_earlier_ones_are_skipped(
        string expected, (string, string)[] vars)
    {
        var c = Choose(Env(vars));
        Assert.Equal(expected, c.Source);
        Assert.IsType<StorageCredential.Token>(c.Credential);
        var earlier = CredentialChooser.AutoOrder.TakeWhile(m => AuthModes.Name(m) != expected).Select(AuthModes.Name);
        Assert.Equal(earlier, c.Skipped.Select(s => s.Source));
        Assert.All(c.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        NoSecrets(Describe(c));
    }

    [Fact]
    public void Az_and_pwsh_are_chosen_only_when_on_path()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "pwsh"), "");
        var env = Env();
        env["PATH"] = bin;
        var c = Choose(env);
        Assert.Equal("pwsh", c.Source);
        Assert.Contains("`az` is not on PATH", c.Skipped.Single(s => s.Source == "azcli").Reason);
        File.WriteAllText(Path.Combine(bin, "az"), "");
        Assert.Equal("azcli", Choose(env).Source);
    }

    [Fact]
    public void Incomplete_github_environment_is_skipped_naming_the_missing_variable()
    {
        var e = Assert.Throws<NoCredentialException>(() => Choose(Env(
            ("ACTIONS_ID_TOKEN_REQUEST_URL", "https://gh.example/x"), ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", Secret),
                ("AZURE_TENANT_ID", "t"))));
        Assert.Equal("AZURE_CLIENT_ID is not set", e.Skipped.Single(s => s.Source == "github-oidc").Reason);
        Assert.Equal(CredentialChooser.AutoOrder.Count, e.Skipped.Count);
        Assert.Equal(3, e.ExitCode);
        Assert.Contains("id-token: write", e.Message);
        Assert.Contains("azsync login", e.Message);
        NoSecrets(e.Message);
    }

    [Fact]
    public void Login_record_makes_login_the_choice()
    {
        var env = Env();
        var store = new LoginStore(env);
        store.CreateDirectory();
        File.WriteAllText(store.RecordPath,
            """
            {"username":"user@example.com","authority":"login.microsoftonline.com","homeAccountId":"oid.tid",
             "tenantId":"tid","clientId":"04b07795-8ddb-461a-bbee-02f9e1bf7b46","version":"1.0"}
            """);
        var c = Choose(env);
        Assert.Equal("login", c.Source);
        Assert.Contains("user@example.com", c.Reason);
        Assert.Equal("tid", c.TenantId);
    }

    public static TheoryData<string, string> AzCopyTypes => new()
    {
        { "DEVICE", nameof(AuthMode.Device) },
        { "spn", nameof(AuthMode.Spn) },
        { "MSI", nameof(AuthMode.Msi) },
        { "AZCLI", nameof(AuthMode.AzCli) },
        { "PSCRED", nameof(AuthMode.Pwsh) },
        { "Workload", nameof(AuthMode.Workload) },
    };

    [Theory]
    [MemberData(nameof(AzCopyTypes))]
    public void Azcopy_auto_login_type_selects_the_mode(string value, string expected)
    {
        var (mode, origin) =
            CredentialChooser.ResolveMode(new AuthRequest(), new EnvView(Env(("AZCOPY_AUTO_LOGIN_TYPE", value))));
        Assert.Equal(Enum.Parse<AuthMode>(expected), mode);
        Assert.Contains("AZCOPY_AUTO_LOGIN_TYPE", origin);
    }

    [Fact]
    public void Azcopy_aliases_feed_spn_and_msi_and_authority()
    {
        var c = Choose(Env(("AZCOPY_AUTO_LOGIN_TYPE", "SPN"), ("AZCOPY_TENANT_ID", "tenant-a"),
            ("AZCOPY_SPA_APPLICATION_ID", "app-a"), ("AZCOPY_SPA_CLIENT_SECRET", Secret),
            ("AZCOPY_ACTIVE_DIRECTORY_ENDPOINT", "https://login.example")));
        Assert.Equal("spn", c.Source);
        Assert.Equal(("tenant-a", "app-a"), (c.TenantId, c.ClientId));
        Assert.Contains("AZCOPY_SPA_CLIENT_SECRET", c.Reason);
        NoSecrets(Describe(c));

        var m = Choose(Env(("AZCOPY_AUTO_LOGIN_TYPE", "MSI"), ("AZCOPY_MSI_CLIENT_ID", "mi-client")));
        Assert.Equal("mi-client", m.ClientId);
        Assert.Contains("user-assigned client mi-client (from AZCOPY_MSI_CLIENT_ID)", m.Reason);

        var bad = Assert.Throws<CredentialConfigurationException>(() => Choose(Env(("AZCOPY_AUTO_LOGIN_TYPE", "SPN"),
            ("AZCOPY_TENANT_ID", "t"), ("AZCOPY_SPA_APPLICATION_ID", "a"), ("AZCOPY_SPA_CLIENT_SECRET", Secret),
            ("AZCOPY_ACTIVE_DIRECTORY_ENDPOINT", "http://login.example"))));
        Assert.Contains("AZCOPY_ACTIVE_DIRECTORY_ENDPOINT must be an absolute https:// URL", bad.Message);
    }

    [Fact]
    public void Azure_variables_win_over_azcopy_aliases_and_flags_win_over_both()
    {
        var env =
            Env(("AZCOPY_AUTO_LOGIN_TYPE", "SPN"), ("AZCOPY_TENANT_ID", "t-azcopy"), ("AZURE_TENANT_ID", "t-azure"),
            ("AZURE_CLIENT_ID", "c"), ("AZURE_CLIENT_SECRET", Secret));
        Assert.Equal("t-azure", Choose(env).TenantId);
        var flagged = CredentialChooser.Choose(new AuthRequest { Environment = env, TenantId = "t-flag" });
        Assert.Equal("t-flag", flagged.TenantId);
    }

    [Fact]
    public void Invalid_modes_list_valid_values()
    {
        var e = Assert.Throws<CredentialConfigurationException>(() => AuthModes.Parse("kerberos", "--auth"));
        Assert.Contains("--auth has unknown authentication mode 'kerberos'", e.Message);
        Assert.Contains("github-oidc", e.Message);
        Assert.Contains("anonymous", e.Message);
        var env = Assert.Throws<CredentialConfigurationException>(() => Choose(Env(("AZSYNC_AUTH", "nope"))));
        Assert.Contains("AZSYNC_AUTH", env.Message);
        var azcopy =
            Assert.Throws<CredentialConfigurationException>(() => Choose(Env(("AZCOPY_AUTO_LOGIN_TYPE", "BROWSER"))));
        Assert.Contains("DEVICE, SPN, MSI, AZCLI, PSCRED, WORKLOAD", azcopy.Message);
    }

    [Theory]
    [InlineData("GitHubOidc", nameof(AuthMode.GitHubOidc))]
    [InlineData("github-oidc", nameof(AuthMode.GitHubOidc))]
    [InlineData("AZURE_PIPELINES", nameof(AuthMode.AzurePipelines))]
    [InlineData("AzCli", nameof(AuthMode.AzCli))]
    public void Mode_names_parse_case_insensitively(string text, string expected) =>
        Assert.Equal(Enum.Parse<AuthMode>(expected), AuthModes.Parse(text, "--auth"));

    [Fact]
    public void Azsync_auth_env_overrides_azcopy_type_and_explicit_mode_explains_missing_variables()
    {
        var e = Assert.Throws<CredentialConfigurationException>(() =>
            Choose(Env(("AZSYNC_AUTH", "workload"), ("AZCOPY_AUTO_LOGIN_TYPE", "MSI"), ("AZURE_TENANT_ID", "t"))));
        Assert.Contains("'workload' (AZSYNC_AUTH)", e.Message);
        Assert.Contains("AZURE_FEDERATED_TOKEN_FILE and AZURE_CLIENT_ID are not set", e.Message);
        Assert.Equal("anonymous", Choose(Env(("AZURE_STORAGE_KEY", Key)), AuthMode.Anonymous).Source);
    }

    [Theory]
    [InlineData("CI", "true")]
    [InlineData("GITHUB_ACTIONS", "true")]
    [InlineData("TF_BUILD", "True")]
    public void Device_code_is_refused_in_ci_even_with_a_terminal(string name, string value)
    {
        var e = Assert.Throws<CredentialConfigurationException>(() => CredentialChooser.Choose(new AuthRequest
        {
            Mode = AuthMode.Device,
            Environment = Env((name, value)),
            StdinInteractive = true,
            StdoutInteractive = true,
        }));
        Assert.Contains("refused in CI", e.Message);
    }

    [Fact]
    public void Device_code_needs_a_terminal_and_works_with_one()
    {
        var e = Assert.Throws<CredentialConfigurationException>(() =>
            CredentialChooser.Choose(new AuthRequest { Mode = AuthMode.Device, Environment = Env() }));
        Assert.Contains("needs a terminal", e.Message);
        var c = CredentialChooser
            .Choose(new AuthRequest { Mode = AuthMode.Device, Environment = Env(), StdinInteractive = true });
        Assert.Equal("device", c.Source);
    }
}

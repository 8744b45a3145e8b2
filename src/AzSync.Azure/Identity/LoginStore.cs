using Azure.Identity;

namespace AzSync.Azure.Identity;

/// <summary>Where `azsync login` keeps its AuthenticationRecord (and, when the user allowed it, the unencrypted token
/// cache): AZSYNC_CONFIG_DIR, else $XDG_CONFIG_HOME/azsync, else ~/.azsync. Files are created mode 0600.</summary>
internal sealed class LoginStore
{
    public const string CacheName = "azsync";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly EnvView _env;

    public LoginStore(IReadOnlyDictionary<string, string?> environment)
    {
        var env = _env = new EnvView(environment);
        Directory = env.Get("AZSYNC_CONFIG_DIR")
            ?? (env.Get("XDG_CONFIG_HOME") is { } xdg ? Path.Combine(xdg, "azsync")
            : Path.Combine(env.Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".azsync"));
    }

    public string Directory { get; }
    public string RecordPath => Path.Combine(Directory, "login-record.json");
    /// <summary>Only present when login ran with --allow-unencrypted-cache.</summary>
    public string UnencryptedCachePath => Path.Combine(Directory, "token-cache.bin");
    public bool HasRecord => File.Exists(RecordPath);
    public bool UsesUnencryptedCache => File.Exists(UnencryptedCachePath);

    public TokenCachePersistenceOptions CacheOptions(bool unencrypted) =>
        unencrypted ? new FileTokenCache(UnencryptedCachePath) : new TokenCachePersistenceOptions { Name = CacheName };

    /// <summary>Null when there is no record; a record that is not one `azsync login` wrote (truncated, edited, empty)
    /// is a <see cref="CredentialConfigurationException"/> saying how to start over, not a JSON error.</summary>
    public async Task<AuthenticationRecord?> LoadRecordAsync(CancellationToken ct)
    {
        if (!HasRecord) return null;
        AuthenticationRecord record;
        try
        {
            await using var stream = File.OpenRead(RecordPath);
            record = await AuthenticationRecord.DeserializeAsync(stream, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException
                                       or IOException or UnauthorizedAccessException)
        {
            throw Unreadable(e);
        }
        // Azure.Identity accepts `{}` and leaves every field null;
        // silent sign-in then fails somewhere far from the cause.
        return Complete(record) ? record : throw Unreadable(null);
    }

    private static bool Complete(AuthenticationRecord record)
    {
        try
        {
            return new[] { record.Username, record.Authority, record.HomeAccountId, record.TenantId,
                record.ClientId }.All(v => !string.IsNullOrEmpty(v));
        }
        catch (NullReferenceException)
        {
            return false; // HomeAccountId is put together from fields `{}` leaves null
        }
    }

    private CredentialConfigurationException Unreadable(Exception? inner) =>
        new($"the azsync login record {RecordPath} cannot be read; run 'azsync logout' then 'azsync login'", inner);

    public AuthenticationRecord? LoadRecord() => LoadRecordAsync(CancellationToken.None).GetAwaiter().GetResult();

    public async Task SaveRecordAsync(AuthenticationRecord record, CancellationToken ct)
    {
        CreateDirectory();
        var tmp = RecordPath + ".tmp";
        await using (var stream = CreateOwnerOnly(tmp))
            await record.SerializeAsync(stream, ct).ConfigureAwait(false);
        File.Move(tmp, RecordPath, overwrite: true);
    }

    /// <summary>Where Azure.Identity keeps the secret-store-backed cache named "azsync" (the encrypted file on Windows
    /// and macOS; on Linux the data sits in the keyring and this file only signals changes). Its names carry
    /// .cae/.nocae suffixes in current versions.</summary>
    public string SecretStoreCacheDirectory
    {
        get
        {
            var data = OperatingSystem.IsLinux()
                ? _env.Get("XDG_DATA_HOME") ?? Path.Combine(_env.Get("HOME")
                    ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
                : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return Path.Combine(data, ".IdentityService");
        }
    }

    /// <summary>Removes the record, the unencrypted cache and Azure.Identity's cache files for "azsync"; returns what
    /// was removed. (A libsecret keyring item, if any, stays but is unreachable without the record.)</summary>
    public IReadOnlyList<string> Delete()
    {
        var removed = new List<string>();
        var candidates = new List<string> { RecordPath, UnencryptedCachePath };
        if (System.IO.Directory.Exists(SecretStoreCacheDirectory))
            candidates.AddRange(System.IO.Directory.GetFiles(SecretStoreCacheDirectory)
                .Where(f => Path.GetFileName(f) is var n
                    && (n == CacheName || n.StartsWith(CacheName + ".", StringComparison.Ordinal))));
        foreach (var f in candidates)
            if (File.Exists(f)) { File.Delete(f); removed.Add(f); }
        return removed;
    }

    internal void CreateDirectory()
    {
        if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(Directory);
        else System.IO.Directory.CreateDirectory(Directory, OwnerOnly | UnixFileMode.UserExecute);
    }

    internal static FileStream CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        var stream = new FileStream(path, options);
        // UnixCreateMode only applies to new files; an older file keeps its mode unless we set it.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, OwnerOnly);
        return stream;
    }

    /// <summary>MSAL token cache in a plain owner-only file beside the record: used only with --allow-unencrypted-cache
    /// (no OS secret store). Keeping it under the config dir means logout and AZSYNC_CONFIG_DIR cover it too.</summary>
    private sealed class FileTokenCache(string path) : UnsafeTokenCacheOptions
    {
        protected override async Task<ReadOnlyMemory<byte>> RefreshCacheAsync() =>
            File.Exists(path) ? await File.ReadAllBytesAsync(path).ConfigureAwait(false) : ReadOnlyMemory<byte>.Empty;

        protected override async Task TokenCacheUpdatedAsync(TokenCacheUpdatedArgs tokenCacheUpdatedArgs)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var tmp = path + ".tmp";
            await using (var s = CreateOwnerOnly(tmp))
                await s.WriteAsync(tokenCacheUpdatedArgs.UnsafeCacheData).ConfigureAwait(false);
            File.Move(tmp, path, overwrite: true);
        }
    }
}

namespace AzSync.FilesEmulator;

/// <summary>Settings for one emulator instance; defaults match Azurite's well-known development account.</summary>
public sealed class FilesEmulatorOptions
{
    public const string DefaultAccount = "devstoreaccount1";
    public const string DefaultKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>HTTP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }
    /// <summary>Optional HTTPS port (0 = free port); null disables HTTPS.</summary>
    public int? HttpsPort { get; set; }
    /// <summary>PFX for HTTPS; when null a self-signed localhost certificate is generated.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
    public string AccountName { get; set; } = DefaultAccount;
    public string AccountKey { get; set; } = DefaultKey;
    /// <summary>Role (in the token's roles or scp claim) that grants backup
    /// semantics to bearer tokens; null accepts any valid token.</summary>
    public string? RequiredRoleForBearer { get; set; } = "Storage File Data Privileged Contributor";
    /// <summary>
    /// Holds every answer this long, as an account in another region would: tests see whether a client's requests
    /// overlap (<see cref="RequestCounters.PeakInFlight"/>), and the bench models a round trip.
    /// </summary>
    public TimeSpan ResponseDelay { get; set; }
    /// <summary>
    /// Requests (given their path, e.g. "share/dir/file") answered 503 ServerBusy, as a throttled account answers:
    /// lets tests prove a client fails rather than treat an unanswered part as empty.
    /// </summary>
    public Func<string, bool>? ServerBusy { get; set; }
    /// <summary>
    /// Awaited before each authorized request runs, with its operation (as <see cref="RequestCounters"/> names it,
    /// e.g. "RenameFile") and path: a test holds the answers it chooses until its own condition holds (see
    /// <see cref="OverlapGate"/>), instead of giving the client a window of time. Held requests count as in flight.
    /// </summary>
    public Func<string, string, CancellationToken, Task>? BeforeRun { get; set; }
}

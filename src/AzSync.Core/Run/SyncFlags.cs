namespace AzSync.Core.Run;

/// <summary>What a run does: <c>sync</c>, <c>sync --dry-run</c> or <c>plan</c>.</summary>
public enum RunMode { Sync, DryRun, Plan }

/// <summary>
/// The command line's say in a run, as given: no manifest read yet, nothing checked. <see cref="JobBuilder"/>
/// merges it with the manifest (flags win). How the store is opened (credentials, --destination-type, …) is the
/// caller's, through the <see cref="StoreOpener"/>.
/// </summary>
public sealed record SyncFlags
{
    /// <summary>The manifest a run reads from the working directory when neither SOURCE nor --manifest is
    /// given.</summary>
    public const string DefaultManifest = "azsync.yaml";

    public RunMode Mode { get; init; } = RunMode.Sync;
    public string? Source { get; init; }
    public string? Destination { get; init; }
    public string? Manifest { get; init; }
    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public string? Target { get; init; }
    /// <summary>Null when not given, so the manifest's <c>delete</c> stands.</summary>
    public bool? Delete { get; init; }
    public string? MaxDelete { get; init; }
    public int Parallel { get; init; } = 32;
    public string? Output { get; init; }
    public string? Report { get; init; }
    public bool Verbose { get; init; }
    public bool Quiet { get; init; }
    public bool FollowSymlinks { get; init; }
    public bool FailOnEmpty { get; init; }
    public bool Force { get; init; }
    public bool CreateContainer { get; init; }
    public string? Shard { get; init; }
    /// <summary><c>plan --detailed-exitcode</c>: exit 2 when the plan has changes.</summary>
    public bool DetailedExitCode { get; init; }
}

namespace AzSync.Core.Stores;

/// <summary>
/// A destination the sync engine writes to, in the spirit of rclone's <c>fs.Fs</c>. The planner and the
/// transfer engine only ever see this interface; each store lives in its own folder.
/// Paths are relative to the store's root, '/'-separated, with no leading '/'.
/// A run calls, in order: <see cref="PrepareAsync"/>, <see cref="ListAsync"/> (and <see cref="CheckName"/> per
/// path), then <see cref="WriteAsync"/> and <see cref="DeleteAsync"/> (concurrently, for different paths), then
/// <see cref="CompleteAsync"/> once. Every store passes tests/AzSync.Testing/StoreConformanceTests.cs and the parity
/// suite; what it does differently is declared in <see cref="Features"/>, never found out from its type.
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>The destination as the user may see it: no SAS signature, key or token.</summary>
    string DisplayName { get; }

    /// <summary>Read after <see cref="PrepareAsync"/>, which may measure them (a local folder's case rule).</summary>
    StoreFeatures Features { get; }

    /// <summary>
    /// The folder on this machine the store writes into, or null. A source inside it (or the reverse) would sync
    /// into itself, so the CLI refuses that before planning.
    /// </summary>
    string? LocalFolder => null;

    /// <summary>
    /// Checks that the destination exists (creating it when <paramref name="createIfMissing"/> and the
    /// credential allows it). Throws <see cref="StoreException"/> with a user-facing message otherwise.
    /// </summary>
    Task PrepareAsync(bool createIfMissing, CancellationToken cancellationToken);

    /// <summary>
    /// Every entry whose path starts with <paramref name="prefix"/> ("" for all). Throws
    /// <see cref="StoreException"/> when the listing cannot be completed: a failed or partial listing must
    /// never look like an empty destination. The store's own bookkeeping files are not listed. Listings of
    /// disjoint prefixes may run at the same time. An entry's MD5 is null when the store cannot vouch for it
    /// (then the planner rewrites the file once, saying why); its headers are null when the listing does not tell
    /// them (then a changed header reaches the file only with new content).
    /// </summary>
    IAsyncEnumerable<StoreEntry> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Null when the store can hold a file at <paramref name="path"/>, else the reason it cannot.</summary>
    string? CheckName(string path);

    /// <summary>
    /// Writes the local file so that a reader sees either the old or the new content, with its headers where the
    /// store keeps headers. Every store writes conditionally: new files must not exist
    /// (<see cref="StoreWrite.Existing"/> is null); replacements must still match the entry listed, unless
    /// <see cref="StoreWrite.Force"/>. A lost race throws <see cref="StoreException"/> of kind Conflict and leaves
    /// the other writer's file whole. A source that no longer matches its MD5 fails the file and writes nothing.
    /// </summary>
    Task<StoreWriteResult> WriteAsync(StoreWrite write, CancellationToken cancellationToken);

    /// <summary>
    /// The content of a file. The sync never reads the destination back (the listing's MD5 decides); this is
    /// here so the conformance suite can check, for any store through one interface, that what a store wrote is
    /// what it lists. A new store implements it for that suite.
    /// </summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the entry if it is still the one listed (or regardless, when forced); otherwise throws
    /// <see cref="StoreException"/> of kind Conflict and deletes nothing. An entry already gone has been deleted.
    /// </summary>
    Task DeleteAsync(StoreEntry entry, bool force, CancellationToken cancellationToken);

    /// <summary>
    /// Called once after the transfers and deletes, whether or not they all succeeded: what did get written must
    /// be indexed either way. Stores that keep an index or tidy empty directories do it here.
    /// </summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>
/// How a store differs from the others, as rclone's <c>Features</c>: each member changes what the planner or the
/// engine does, and the conformance tests that depend on it are gated on it. What every store must do (conditional
/// writes and deletes, atomic replacement, MD5s in listings where it can) is in <see cref="IStore"/>'s contract,
/// not here. The engine asks this record, never the store's type.
/// </summary>
/// <param name="CaseInsensitiveNames">
/// Where names are case-insensitive (Azure Files, a local folder on macOS or Windows), 'Index.html' and 'index.html'
/// are one file: matching them ordinally would plan an upload and a delete of that same file. The planner, the
/// remote index, the delete order and --shard compare paths with <see cref="PathComparer"/>.
/// </param>
public sealed record StoreFeatures(bool CaseInsensitiveNames = false)
{
    public static StoreFeatures Basic { get; } = new();

    public StringComparer PathComparer =>
        CaseInsensitiveNames ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public StringComparison PathComparison =>
        CaseInsensitiveNames ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}

/// <param name="ContentMd5">The whole-file MD5 (Azure's Content-MD5), or null when the store does not know it.</param>
/// <param name="ETag">An opaque version tag for conditional writes and deletes, when the store has one.</param>
/// <param name="Headers">The content headers the entry is served with, when the listing tells them.</param>
public sealed record StoreEntry(
    string Path, long Size, byte[]? ContentMd5, string? ETag = null, ContentHeaders? Headers = null);

public sealed record ContentHeaders(
    string? ContentType,
    string? CacheControl = null,
    string? ContentEncoding = null,
    string? ContentDisposition = null);

/// <param name="Existing">The entry the plan saw at the destination, or null for a new file.</param>
/// <param name="Progress">Receives the bytes sent so far for this write (cumulative, not increments).</param>
public sealed record StoreWrite(
    string Path,
    Hashing.LocalFile Source,
    ContentHeaders Headers,
    StoreEntry? Existing,
    bool Force,
    IProgress<long>? Progress = null);

/// <param name="BytesSent">Payload bytes that travelled; less than the file size when parts were reused.</param>
public sealed record StoreWriteResult(long BytesSent);

public enum StoreErrorKind
{
    Failed,
    /// <summary>Another writer changed the entry since it was listed.</summary>
    Conflict,
    /// <summary>Authentication or authorization failed (exit code 3).</summary>
    Unauthorized,
    /// <summary>The destination itself (container, share, folder) does not exist.</summary>
    DestinationNotFound,
    InvalidName,
    /// <summary>
    /// The destination as given cannot be used (a file where a folder must be): the user's to fix (exit code 5).
    /// </summary>
    InvalidDestination,
    /// <summary>
    /// No answer from the destination's host (refused, unknown host, timed out): a failed run, not a usage error.
    /// </summary>
    Unreachable,
}

/// <summary>A store failure with a message fit to show the user (never a secret).</summary>
public class StoreException(StoreErrorKind kind, string message, bool isTransient = false, Exception? inner = null)
    : Exception(message, inner)
{
    public StoreErrorKind Kind { get; } = kind;
    public bool IsTransient { get; } = isTransient;

    /// <summary>
    /// The source's bytes no longer match the MD5 the plan took: one wording for every store, since none may store
    /// bytes under a hash that is not theirs.
    /// </summary>
    public static StoreException ChangedWhileSyncing(string path, Exception? inner = null) => new(StoreErrorKind.Failed,
        $"'{path}' changed while syncing (its bytes no longer match the MD5 taken when it was hashed); not written. " +
        "Re-run to sync its new content.", inner: inner);
}

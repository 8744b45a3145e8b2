namespace AzSync.Core.Stores;

/// <summary>
/// A destination the sync engine writes to, in the spirit of rclone's <c>fs.Fs</c>. The planner and the
/// transfer engine only ever see this interface; each store lives in its own folder.
/// Paths are relative to the store's root, '/'-separated, with no leading '/'.
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>The destination as the user may see it: no SAS signature, key or token.</summary>
    string DisplayName { get; }

    StoreFeatures Features { get; }

    /// <summary>
    /// Checks that the destination exists (creating it when <paramref name="createIfMissing"/> and the
    /// credential allows it). Throws <see cref="StoreException"/> with a user-facing message otherwise.
    /// </summary>
    Task PrepareAsync(bool createIfMissing, CancellationToken cancellationToken);

    /// <summary>
    /// Every entry whose path starts with <paramref name="prefix"/> ("" for all). Throws
    /// <see cref="StoreException"/> when the listing cannot be completed: a failed or partial listing must
    /// never look like an empty destination. The store's own bookkeeping files are not listed. Listings of
    /// disjoint prefixes may run at the same time.
    /// </summary>
    IAsyncEnumerable<StoreEntry> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Null when the store can hold a file at <paramref name="path"/>, else the reason it cannot.</summary>
    string? CheckName(string path);

    /// <summary>
    /// Writes the local file so that a reader sees either the old or the new content. New files must not
    /// exist (<see cref="StoreWrite.Existing"/> is null); replacements must still match the entry listed,
    /// unless <see cref="StoreWrite.Force"/>. A lost race throws <see cref="StoreException"/> of kind Conflict.
    /// </summary>
    Task<StoreWriteResult> WriteAsync(StoreWrite write, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Deletes the entry if it is still the one listed (or regardless, when forced).</summary>
    Task DeleteAsync(StoreEntry entry, bool force, CancellationToken cancellationToken);

    /// <summary>
    /// Called once after transfers and deletes, with whether every operation succeeded. Stores that keep an
    /// index or tidy empty directories do it here.
    /// </summary>
    Task CompleteAsync(bool allSucceeded, CancellationToken cancellationToken);
}

/// <summary>What a store can do beyond the basics; the engine asks this record, never the store's type.</summary>
public sealed record StoreFeatures(
    bool ListsContentMd5,
    bool ReusesBlocks = false,
    bool WritesRanges = false,
    bool ConditionalWrites = false,
    bool CaseInsensitiveNames = false)
{
    public static StoreFeatures Basic { get; } = new(ListsContentMd5: true);

    /// <summary>
    /// How destination paths compare. Where names are case-insensitive (Azure Files), 'Index.html' and 'index.html'
    /// are one file: matching them ordinally would plan an upload and a delete of that same file.
    /// </summary>
    public StringComparer PathComparer => CaseInsensitiveNames ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public StringComparison PathComparison => CaseInsensitiveNames ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}

/// <param name="ContentMd5">The whole-file MD5 (Azure's Content-MD5), or null when the store does not know it.</param>
/// <param name="ETag">An opaque version tag for conditional writes and deletes, when the store has one.</param>
/// <param name="Headers">The content headers the entry is served with, when the listing tells them.</param>
public sealed record StoreEntry(string Path, long Size, byte[]? ContentMd5, string? ETag = null, ContentHeaders? Headers = null);

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
    /// <summary>The destination as given cannot be used (a file where a folder must be): the user's to fix (exit code 5).</summary>
    InvalidDestination,
    /// <summary>No answer from the destination's host (refused, unknown host, timed out): a failed run, not a usage error.</summary>
    Unreachable,
}

/// <summary>A store failure with a message fit to show the user (never a secret).</summary>
public class StoreException(StoreErrorKind kind, string message, bool isTransient = false, Exception? inner = null)
    : Exception(message, inner)
{
    public StoreErrorKind Kind { get; } = kind;
    public bool IsTransient { get; } = isTransient;
}

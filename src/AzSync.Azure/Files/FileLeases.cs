using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Files.Shares.Specialized;

namespace AzSync.Azure.Files;

/// <summary>
/// Leases are the only write precondition Azure Files has (it refuses If-Match and every other conditional
/// header), so a replacement or delete of a listed file holds an infinite lease on it for the few requests that
/// check and change it. A run killed in that window would leave the lease for ever, blocking every later writer,
/// SMB users included, and the service never tells a lease id back. So each window has a marker file beside the
/// target (the temporary file of a write, an empty one for a delete) whose name starts with a hash of the target's
/// name, and the lease id is derived from the marker's path: a later run that lists a leftover marker finds its
/// target by that hash, recomputes the id and releases the lease. Ids stay unique per window, so two azsync runs
/// still exclude each other.
/// </summary>
internal sealed class FileLeases(FileShareClients clients, string share, Action<string>? note)
{
    public const string TempPrefix = ".azsync-tmp-";
    private static readonly byte[] Namespace = Encoding.UTF8.GetBytes("azsync lease v1\n");
    private readonly ConcurrentDictionary<string, bool> _leftovers = new(StringComparer.OrdinalIgnoreCase);
    // Listed files by directory and name hash: what a leftover marker's hash is matched against.
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _byHash = new(StringComparer.Ordinal);

    /// <summary>A fresh marker name for a window on <paramref name="target"/> (a share path).</summary>
    public static string NewMarker(string target) =>
        Directory(target) is var d && d.Length > 0 ? d + "/" + MarkerName(target) : MarkerName(target);

    private static string MarkerName(string target) =>
        TempPrefix + NameHash(target) + Guid.NewGuid().ToString("N")[..8];

    private static string NameHash(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Name(path).ToUpperInvariant())))[..8];

    public static string LeaseId(string shareName, string marker)
    {
        var name = Encoding.UTF8.GetBytes(shareName + "/" + marker.ToUpperInvariant());
        var hash = SHA256.HashData([.. Namespace, .. name]);
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    public void Listed(string path) => _byHash.GetOrAdd(Key(Directory(path), NameHash(path)), _ => []).Add(path);

    public void FoundLeftover(string marker) => _leftovers.TryAdd(marker, true);

    public IReadOnlyCollection<string> Leftovers => _leftovers.Keys.ToList();

    /// <summary>
    /// Takes the lease on <paramref name="target"/> for the window <paramref name="marker"/> stands for. A lease an
    /// interrupted azsync run left (its marker is still beside the target) is released first, and noted.
    /// </summary>
    /// <returns>The lease, and the file's ETag as the lease answer gives it.</returns>
    public async Task<(ShareLeaseClient Lease, ETag ETag)> AcquireAsync(string target, string marker,
        CancellationToken ct)
    {
        var lease = clients.File(target).GetShareLeaseClient(LeaseId(share, marker));
        try
        {
            // A retry after a lost answer finds the lease held with this same id, which the service accepts.
            return (lease, (await lease.AcquireAsync(ct).ConfigureAwait(false)).Value.ETag);
        }
        catch (RequestFailedException e) when (e.Is(409, "LeaseAlreadyPresent"))
        {
            if (!await ReleaseLeftoversOnAsync(target, ct).ConfigureAwait(false)) throw;
            return (lease, (await lease.AcquireAsync(ct).ConfigureAwait(false)).Value.ETag);
        }
    }

    /// <summary>On a failure path the lease must not outlive the window; failing to release it is no news.</summary>
    public static async Task ReleaseQuietlyAsync(ShareLeaseClient lease)
    {
        try { await lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false); }
        catch (RequestFailedException) { }
    }

    /// <summary>At the end of a run: release a leftover marker's lease (if it stands), delete the marker.</summary>
    public async Task ClearLeftoverAsync(string marker, CancellationToken ct)
    {
        foreach (var target in TargetsOf(marker)) await ReleaseAsync(marker, target, ct).ConfigureAwait(false);
        try { await clients.File(marker).DeleteAsync(cancellationToken: ct).ConfigureAwait(false); }
        catch (RequestFailedException e) when (e.Is(404)) { }
        _leftovers.TryRemove(marker, out _);
    }

    private async Task<bool> ReleaseLeftoversOnAsync(string target, CancellationToken ct)
    {
        var released = false;
        foreach (var marker in _leftovers.Keys)
            if (TargetsOf(marker).Contains(target, StringComparer.OrdinalIgnoreCase))
                released |= await ReleaseAsync(marker, target, ct).ConfigureAwait(false);
        return released;
    }

    private async Task<bool> ReleaseAsync(string marker, string target, CancellationToken ct)
    {
        try
        {
            var lease = clients.File(target).GetShareLeaseClient(LeaseId(share, marker));
            await lease.ReleaseAsync(ct).ConfigureAwait(false);
            note?.Invoke($"released the lease an interrupted azsync run left on '{target}'.");
            return true;
        }
        // Not leased, leased with another id (someone else's), or gone: nothing of ours to release.
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412) { return false; }
    }

    /// <summary>The listed files a marker may stand for: its name hash narrows them to one, bar a collision.</summary>
    private IEnumerable<string> TargetsOf(string marker)
    {
        var name = Name(marker);
        if (name.Length < TempPrefix.Length + 16) return []; // an earlier version's temporary file: no target named
        var key = Key(Directory(marker), name.Substring(TempPrefix.Length, 8));
        return _byHash.TryGetValue(key, out var paths) ? paths.Distinct() : [];
    }

    private static string Key(string directory, string hash) => directory.ToUpperInvariant() + "|" + hash;

    private static string Directory(string path) => path.Contains('/') ? path[..path.LastIndexOf('/')] : "";

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];
}

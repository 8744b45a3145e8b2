using Azure;

namespace AzSync.Azure.Files;

/// <summary>Folders: created once each per run, and removed at the end when a delete emptied them.</summary>
internal partial class FileShareStore
{
    /// <summary>Creates a directory and its parents, each once per run, however many files go into it.</summary>
    private Task EnsureDirectoryAsync(string directory, CancellationToken ct)
    {
        if (directory.Length == 0) return Task.CompletedTask;
        return _directories.GetOrAdd(directory, d => new Lazy<Task>(() => CreateChainAsync(d, ct))).Value;
    }

    private async Task CreateChainAsync(string directory, CancellationToken ct)
    {
        var slash = directory.LastIndexOf('/');
        if (slash > 0) await EnsureDirectoryAsync(directory[..slash], ct).ConfigureAwait(false);
        await _clients.Directory(directory).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>Removes the folder, then each parent the removal empties; one already gone counts as removed.</summary>
    private async Task RemoveIfEmptyAsync(string relative, CancellationToken ct)
    {
        for (var dir = relative; dir.Length > 0; dir = Parent(dir))
        {
            var client = _clients.Directory(Full(dir));
            var empty = await Call(async () =>
            {
                try
                {
                    var entries = client.GetFilesAndDirectoriesAsync(cancellationToken: ct);
                    await foreach (var _ in entries.ConfigureAwait(false)) return false;
                    return true;
                }
                catch (RequestFailedException e) when (e.Is(404, "ResourceNotFound")) { return true; }
            }, $"'{dir}'").ConfigureAwait(false);
            if (!empty) return;
            await Call(async () =>
            {
                try { await client.DeleteAsync(ct).ConfigureAwait(false); }
                catch (RequestFailedException e) when (e.Is(404, "ResourceNotFound")) { }
            }, $"'{dir}'").ConfigureAwait(false);
            _directories.TryRemove(Full(dir), out _);
        }
    }
}

using AzSync.Core.Planning;

namespace AzSync.Core.Transfer;

/// <summary>
/// Which uploads cannot land until a planned delete has run: on stores with folders a file and a folder cannot
/// share a name, so an upload of <c>x/y</c> waits for the delete of the file <c>x</c>, and an upload of <c>x</c>
/// for the deletes of <c>x/…</c>. Decided from paths alone, so it holds back the same uploads on every store.
/// </summary>
public static class DeleteOrder
{
    /// <param name="names">
    /// The store's comparison: on Azure Files, deleting file <c>X</c> is what frees folder <c>x</c>.
    /// </param>
    public static bool[] BlockedUploads(
        IReadOnlyList<PlanItem> uploads, IEnumerable<PlanItem> deletes, IEqualityComparer<string> names)
    {
        var deleted = new HashSet<string>(names);
        var foldersOfDeleted = new HashSet<string>(names);
        foreach (var d in deletes)
        {
            deleted.Add(d.Path);
            foreach (var folder in Folders(d.Path)) foldersOfDeleted.Add(folder);
        }
        var blocked = new bool[uploads.Count];
        if (deleted.Count == 0) return blocked;
        for (var i = 0; i < uploads.Count; i++)
            blocked[i] = foldersOfDeleted.Contains(uploads[i].Path) || Folders(uploads[i].Path).Any(deleted.Contains);
        return blocked;
    }

    private static IEnumerable<string> Folders(string path)
    {
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            yield return path[..slash];
    }
}

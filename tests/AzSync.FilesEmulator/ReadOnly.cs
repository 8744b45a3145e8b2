namespace AzSync.FilesEmulator;

/// <summary>
/// The ReadOnly file attribute (x-ms-file-attributes): "applications can read the file, but cannot write to it or
/// delete it" (Rename File, file system attributes). Over REST that is 409 ReadOnlyAttribute on Put Range, Put Range
/// From URL, Delete File and a rename over it without x-ms-file-rename-ignore-readonly; Set File Properties still
/// works, so the attribute can be cleared.
/// </summary>
internal static class ReadOnly
{
    public static bool Is(Node n) =>
        n.Attributes.Split('|', StringSplitOptions.TrimEntries).Contains("ReadOnly", StringComparer.OrdinalIgnoreCase);

    public static void Refuse(Node n)
    {
        if (Is(n))
            throw new FileError(409, "ReadOnlyAttribute",
                "The specified resource is read-only and cannot be modified at this time.");
    }
}

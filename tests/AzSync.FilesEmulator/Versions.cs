namespace AzSync.FilesEmulator;

/// <summary>
/// The x-ms-version values the emulator answers: the released service versions from 2019-02-02 (the first with the
/// SMB properties it models) to the newest an official SDK sends today. The list is the ServiceVersion enum of
/// Azure.Storage.Files.Shares 12.28.0; @azure/storage-file-share 12.33.0 sends its newest, 2026-10-06, and azcopy
/// 10.32.2 sends 2025-07-05. A date that is no released version (or a newer, unreleased one) is refused as the
/// service refuses it.
/// </summary>
internal static class Versions
{
    public const string Newest = "2026-10-06";

    private static readonly HashSet<string> Released =
    [
        "2019-02-02", "2019-07-07", "2019-12-12", "2020-02-10", "2020-04-08", "2020-06-12", "2020-08-04", "2020-10-02",
        "2020-12-06", "2021-02-12", "2021-04-10", "2021-06-08", "2021-08-06", "2021-10-04", "2021-12-02", "2022-11-02",
        "2023-01-03", "2023-05-03", "2023-08-03", "2023-11-03", "2024-02-04", "2024-05-04", "2024-08-04", "2024-11-04",
        "2025-01-05", "2025-05-05", "2025-07-05", "2025-11-05", "2026-02-06", "2026-04-06", "2026-06-06", Newest,
    ];

    public static string Check(string? sent)
    {
        if (string.IsNullOrEmpty(sent)) return Newest;
        return Released.Contains(sent) ? sent
            : throw new FileError(400, "InvalidHeaderValue",
                "The value for one of the HTTP headers is not in the correct format.", "x-ms-version");
    }
}

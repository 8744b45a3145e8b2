using System.Text.Json;
using AzSync.FilesEmulator;

namespace AzSync.Testing;

/// <summary>
/// The Files emulator through Microsoft's JS SDK and the account key: reads back what a run wrote, with another
/// client than the tool's own, so a test does not check the tool with itself.
/// </summary>
public static class FilesSdk
{
    /// <summary>What a sync put under the share's directory: every
    /// file but azsync's own index, by relative path.</summary>
    public static async Task<Dictionary<string, byte[]>> ReadSyncedFilesAsync(this FilesEmulatorServer server,
        string share, string directory) =>
        (await server.ReadDirectoryAsync(share, directory)).Where(kv => kv.Key != ".azsync-index.json")
            .ToDictionary(StringComparer.Ordinal);

    /// <summary>Every file under the share's directory (recursively)
    /// with its content, by path relative to it.</summary>
    private static async Task<IReadOnlyDictionary<string, byte[]>> ReadDirectoryAsync(this FilesEmulatorServer server,
        string share, string directory)
    {
        const string script = """
            const f = require('@azure/storage-file-share');
            const [, url, account, secret, share, root] = process.argv;
            const service = new f.ShareServiceClient(url, new f.StorageSharedKeyCredential(account, secret));
            const out = {};
            async function walk(dir, prefix) {
              for await (const item of dir.listFilesAndDirectories()) {
                if (item.kind === 'directory') await walk(dir.getDirectoryClient(item.name), prefix + item.name + '/');
                else
                  out[prefix + item.name] = (await dir.getFileClient(item.name).downloadToBuffer()).toString('base64');
              }
            }
            walk(service.getShareClient(share).getDirectoryClient(root), '')
              .then(() => console.log(JSON.stringify(out)))
              .catch(e => { console.error(e.message); process.exit(1); });
            """;
        var result = await ChildProcess.RunAsync("node",
            ["-e", script, server.BaseUri.AbsoluteUri, server.Options.AccountName, server.Options.AccountKey,
                share, directory],
            Path.Combine(RepoPaths.Root, "tools", "node"));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Azure Files JS SDK script failed ({result.ExitCode}): {result.All}");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(result.StdOut)!
            .ToDictionary(kv => kv.Key, kv => Convert.FromBase64String(kv.Value), StringComparer.Ordinal);
    }
}

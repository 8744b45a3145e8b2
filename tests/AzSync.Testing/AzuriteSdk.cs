using System.Text.Json;

namespace AzSync.Testing;

/// <summary>
/// Azurite through Microsoft's JS SDK and the account key: makes SAS tokens and containers, and lists what a run
/// wrote. Another implementation than the tool's own Blob client, so a test does not check the tool with itself.
/// </summary>
public static class AzuriteSdk
{
    /// <summary>A container SAS query (without '?'), signed with the development account key.</summary>
    public static Task<string> ContainerSasAsync(this Azurite _, string container, string permissions = "racwdl") =>
        ContainerSasAsync(container, permissions);

    public static Task<string> ContainerSasAsync(string container, string permissions) =>
        ContainerSasAsync(container, permissions, 3600);

    /// <summary>A full-permission container SAS that expired an hour ago.</summary>
    public static Task<string> ExpiredContainerSasAsync(this Azurite _, string container) =>
        ContainerSasAsync(container, "racwdl", -3600);

    private static async Task<string> ContainerSasAsync(string container, string permissions, int expiresInSeconds) =>
        (await NodeAsync(null, """
            const [, , container, permissions, seconds] = process.argv;
            console.log(b.generateBlobSASQueryParameters({
              containerName: container, permissions: b.ContainerSASPermissions.parse(permissions),
              expiresOn: new Date(Date.now() + 1000 * Number(seconds)), version: '2025-11-05' }, key).toString());
            """, container, permissions,
            expiresInSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))).Trim();

    public static Task CreateContainerAsync(this Azurite azurite, string container) =>
        NodeAsync(azurite, "await service.getContainerClient(process.argv[2]).create();", container);

    public static async Task<bool> ContainerExistsAsync(this Azurite azurite, string container) =>
        (await NodeAsync(azurite, "console.log(await service.getContainerClient(process.argv[2]).exists());",
            container)).Trim() == "true";

    public static Task PutBlobAsync(this Azurite azurite, string container, string name, string content) =>
        NodeAsync(azurite, """
            const [, , container, name, content] = process.argv;
            await service.getContainerClient(container).getBlockBlobClient(name)
              .upload(content, Buffer.byteLength(content));
            """, container, name, content);

    /// <summary>The Cache-Control every blob of the container is served with, by name (null when unset).</summary>
    public static async Task<Dictionary<string, string?>> CacheControlsAsync(this Azurite azurite, string container) =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(await NodeAsync(azurite, """
            const c = service.getContainerClient(process.argv[2]);
            const out = {};
            for await (const item of c.listBlobsFlat())
              out[item.name] = (await c.getBlobClient(item.name).getProperties()).cacheControl ?? null;
            console.log(JSON.stringify(out));
            """, container))!;

    /// <summary>Every blob in the container with its size, by name.</summary>
    public static async Task<SortedDictionary<string, long>> ListBlobsAsync(this Azurite azurite, string container)
    {
        var json = await NodeAsync(azurite, """
            const blobs = {};
            for await (const blob of service.getContainerClient(process.argv[2]).listBlobsFlat())
              blobs[blob.name] = blob.properties.contentLength;
            console.log(JSON.stringify(blobs));
            """, container);
        return new(JsonSerializer.Deserialize<Dictionary<string, long>>(json)!, StringComparer.Ordinal);
    }

    /// <summary>Every blob of the container with its content, so what
    /// the tool uploaded is checked by another client.</summary>
    public static async Task<IReadOnlyDictionary<string, byte[]>> ReadContainerAsync(this Azurite azurite,
        string container)
    {
        var json = await NodeAsync(azurite, """
            const c = service.getContainerClient(process.argv[2]);
            const out = {};
            for await (const item of c.listBlobsFlat())
              out[item.name] = (await c.getBlobClient(item.name).downloadToBuffer()).toString('base64');
            console.log(JSON.stringify(out));
            """, container);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json)!
            .ToDictionary(kv => kv.Key, kv => Convert.FromBase64String(kv.Value), StringComparer.Ordinal);
    }

    /// <summary>Every blob's stored Content-MD5 (base64, "" when unset), by name, as another client reads it.</summary>
    public static async Task<Dictionary<string, string>> ContentMd5sAsync(this Azurite azurite, string container) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(await NodeAsync(azurite, """
            const out = {};
            for await (const item of service.getContainerClient(process.argv[2]).listBlobsFlat())
              out[item.name] =
                item.properties.contentMD5 ? Buffer.from(item.properties.contentMD5).toString('base64') : '';
            console.log(JSON.stringify(out));
            """, container))!;

    /// <summary>Runs the body with `b` (the SDK), `key` and, given an
    /// Azurite, `service`; its arguments start at argv[2].</summary>
    private static async Task<string> NodeAsync(Azurite? azurite, string body, params string[] args)
    {
        var script = $$"""
            const b = require('@azure/storage-blob');
            const key = new b.StorageSharedKeyCredential('{{Azurite.Account}}', '{{Azurite.Key}}');
            const service = process.argv[1] ? new b.BlobServiceClient(process.argv[1], key) : null;
            (async () => { {{body}} })().catch(e => { console.error(e.message); process.exit(1); });
            """;
        var env = new Dictionary<string, string?> { ["NODE_EXTRA_CA_CERTS"] = azurite?.TrustFile };
        var result = await ChildProcess.RunAsync("node", ["-e", script, azurite?.BlobEndpoint.AbsoluteUri ?? "",
            .. args], Path.Combine(RepoPaths.Root, "tools", "node"), env);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Azure JS SDK script failed ({result.ExitCode}): {result.All}");
        return result.StdOut;
    }
}

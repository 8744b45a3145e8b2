namespace AzSync.Core.Manifest;

/// <summary>
/// JSON Schema (draft-07, the dialect editors' YAML language servers support best) of <c>azsync.yaml</c>, so
/// editors can complete and check manifests. It mirrors <see cref="ManifestLoader"/>'s rules; checks the schema
/// cannot express (sources escaping the folder, duplicate mappings) stay in the loader.
/// </summary>
public static class ManifestSchema
{
    public const string Id = "https://azsync.dev/schemas/azsync-manifest-v1.json";

    // In a file of its own: a description is one JSON string, longer than a line of C# may be.
    private const string ResourceName = "AzSync.Core.Manifest.ManifestSchema.json";

    public static string Json { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"{ResourceName} is not embedded in AzSync.Core.");
        using var reader = new StreamReader(stream);
        // The file ends with a newline like every text file here; the schema as printed never did.
        return reader.ReadToEnd().ReplaceLineEndings("\n").TrimEnd('\n');
    }
}

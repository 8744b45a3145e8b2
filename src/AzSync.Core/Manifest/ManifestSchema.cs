namespace AzSync.Core.Manifest;

/// <summary>The manifest's JSON Schema, shipped inside the tool so `azsync manifest schema` works offline.</summary>
public static class ManifestSchema
{
    public static string Json { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream("AzSync.Core.Manifest.azsync.schema.json")
            ?? throw new InvalidOperationException("The manifest schema resource is missing from the build.");
        return new StreamReader(stream).ReadToEnd();
    }
}

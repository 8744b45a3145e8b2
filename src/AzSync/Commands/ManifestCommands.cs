using System.CommandLine;
using AzSync.Azure.Rest;
using AzSync.Core;
using AzSync.Core.Manifest;
using AzSync.Core.Run;
using AzSync.Stores;

namespace AzSync.Commands;

/// <summary>`azsync manifest validate` and `azsync manifest schema`.</summary>
internal static class ManifestCommands
{
    /// <summary>What `sync` would refuse in a destination URL before any request (scheme, service, account,
    /// container or share name), as opening its store checks; null when nothing.</summary>
    private static string? DestinationProblem(string url, string? destinationType)
    {
        try
        {
            PastedUrl.CheckQuery(url);
            // The manifest loader already warns about plain http to another machine, which --allow-http permits.
            var options = new StoreOpenOptions(destinationType, AllowHttp: true);
            StoreFactory.Open(url, options, new StorageCredential.Anonymous())
                .DisposeAsync().AsTask().GetAwaiter().GetResult();
            return null;
        }
        catch (UserFacingException e)
        {
            return e.Message.TrimEnd('.');
        }
    }

    public static Command Create()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "Manifest to check (default: azsync.yaml).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var validate = new Command("validate",
            """
            Check a manifest without reading any source file. Errors name the file, line and column.

            Examples:
              azsync manifest validate
              azsync manifest validate deploy/azsync.yaml
            """) { file };
        var destinationType = SyncOptions.NewDestinationType();
        validate.Options.Add(destinationType);
        validate.SetAction(parse =>
        {
            var path = parse.GetValue(file) ?? SyncFlags.DefaultManifest;
            if (path.Length == 0)
            {
                Console.Error.WriteLine(
                    $"error: FILE needs a file name (or leave it out to check {SyncFlags.DefaultManifest}).");
                return ExitCodes.Usage;
            }
            var result = ManifestLoader.Load(path, url => DestinationProblem(url, parse.GetValue(destinationType)));
            foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
            if (result.HasErrors) return ExitCodes.Usage;
            if (result.Manifest!.Destination is { } local && !local.Contains("://"))
                Overlap.Check(local, result.Manifest.Mappings);
            Console.Out.WriteLine($"{path}: valid ({result.Manifest!.Mappings.Count} mapping(s)).");
            return ExitCodes.Ok;
        });

        var schema = new Command("schema",
            """
            Print the manifest's JSON Schema, for editor completion and checks.

            Examples:
              azsync manifest schema > azsync.schema.json
              (then in azsync.yaml: # yaml-language-server: $schema=./azsync.schema.json)
            """);
        schema.SetAction(_ =>
        {
            Console.Out.WriteLine(ManifestSchema.Json);
            return ExitCodes.Ok;
        });

        return new Command("manifest", "Validate a manifest or print its JSON Schema.") { validate, schema };
    }
}

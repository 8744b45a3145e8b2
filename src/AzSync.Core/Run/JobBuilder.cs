using AzSync.Core.Manifest;
using AzSync.Core.Selection;

namespace AzSync.Core.Run;

/// <summary>A run's settings once the manifest (if any) and the flags are merged; flags win.</summary>
internal sealed record JobSettings(SyncJob Job, string Destination, string? ManifestPath, bool FailOnEmpty);

/// <summary>Merges the manifest and the command line into one immutable job.</summary>
internal static class JobBuilder
{
    /// <param name="warnings">Told the manifest's warnings and the notes about flags that set something aside.</param>
    public static JobSettings Build(SyncFlags flags, Action<string> warnings)
    {
        var source = flags.Source;
        var destinationArgument = flags.Destination;
        var manifestPath = flags.Manifest;
        if (manifestPath is "") throw new UserFacingException(ExitCodes.Usage, "--manifest needs a file name.");
        // With --manifest, a lone positional can only be the destination: the manifest names its own sources.
        if (manifestPath is not null && source is not null && destinationArgument is null)
            (source, destinationArgument) = (null, source);
        if (manifestPath is not null && source is not null)
            throw new UserFacingException(ExitCodes.Usage,
                $"Give either SOURCE ('{source}') or --manifest ('{manifestPath}'), not both: " +
                "a manifest names its own sources.");
        // A lone URL is never a folder to read: with azsync.yaml at hand it is that manifest's destination.
        if (manifestPath is null && destinationArgument is null && source is not null && source.Contains("://"))
        {
            if (!File.Exists(SyncFlags.DefaultManifest))
                throw new UserFacingException(ExitCodes.Usage,
                    "The only argument is a URL, which looks like a DESTINATION, not a SOURCE folder: give both " +
                    "(e.g. 'azsync sync ./public URL'), or name a manifest with --manifest FILE.");
            (source, destinationArgument) = (null, source);
        }
        if (manifestPath is null && source is null && File.Exists(SyncFlags.DefaultManifest))
            manifestPath = SyncFlags.DefaultManifest;

        var manifest = manifestPath is null ? FromFlags(flags.Target, source ?? ".") : Load(manifestPath, warnings);

        var include = CheckedGlobs("--include", flags.Include);
        var exclude = CheckedGlobs("--exclude", flags.Exclude);
        var mappings = manifest.Mappings.Select(m => m with
        {
            Include = include.Count > 0 ? include : m.Include,
            Exclude = exclude.Count > 0 ? exclude : m.Exclude,
        }).ToList();

        var destination = destinationArgument ?? manifest.Destination
            ?? throw new UserFacingException(ExitCodes.Usage,
                manifestPath is null
                    ? "No destination: give DESTINATION, e.g. 'azsync sync ./public ./out'."
                    : $"No destination: give DESTINATION or set 'destination:' in {manifestPath}.");
        PastedUrl.CheckQuery(destination);
        // A relative local destination in a manifest is relative to the manifest, like its sources.
        if (manifestPath is not null && destinationArgument is null && !destination.Contains("://"))
            destination = Path.GetFullPath(destination, Path.GetDirectoryName(Path.GetFullPath(manifestPath))!);

        var maxDelete = manifest.MaxDelete;
        if (flags.MaxDelete is { } text)
        {
            if (!DeleteLimit.TryParse(text, out var parsed))
                throw new UserFacingException(ExitCodes.Usage,
                    $"--max-delete '{text}' is neither a count (e.g. 10) nor a percentage (e.g. 25%).");
            maxDelete = parsed;
        }
        var parallel = flags.Parallel;
        if (parallel is < 1 or > 256)
            throw new UserFacingException(ExitCodes.Usage, $"--parallel {parallel} is out of range (1–256).");

        var shard = ParseShard(flags.Shard);
        var delete = flags.Delete;
        if (shard is not null && delete == true)
            throw new UserFacingException(ExitCodes.Usage,
                $"--shard {shard} with --delete: a shard sees only part of the selection, " +
                "so the rest would look deleted. " +
                "Run the shards without --delete, then one unsharded run with --delete.");
        if (shard is not null && delete is null && manifest.Delete == true)
            warnings($"note: --shard {shard}: the manifest's 'delete: true' is left to the final unsharded run.");

        var job = new SyncJob(mappings, shard is null && (delete ?? manifest.Delete ?? false), maxDelete,
            new SelectionOptions(flags.FollowSymlinks), parallel, flags.CreateContainer,
            Shard: shard);
        return new JobSettings(job, destination, manifestPath, flags.FailOnEmpty);
    }

    private static Shard? ParseShard(string? text)
    {
        if (text is null) return null;
        return Shard.TryParse(text, out var shard, out var problem)
            ? shard
            : throw new UserFacingException(ExitCodes.Usage, problem!);
    }

    /// <summary>The option's globs, held to the manifest's rules so a flag cannot do what a manifest may not.</summary>
    private static IReadOnlyList<string> CheckedGlobs(string option, IReadOnlyList<string> globs)
    {
        foreach (var glob in globs)
            if (Globs.Problem(glob) is { } problem)
                throw new UserFacingException(ExitCodes.Usage, $"{option} '{glob}': {problem}");
        return globs;
    }

    private static SyncManifest FromFlags(string? targetFlag, string source)
    {
        var target = (targetFlag ?? "").Replace('\\', '/').Trim('/');
        if (target.Split('/').Any(s => s is ".." or "."))
            throw new UserFacingException(ExitCodes.Usage,
                $"--target '{target}' must not contain '.' or '..' segments.");
        var mapping = new Mapping(Path.GetFullPath(source), Mapping.DefaultInclude, [], target, HeaderRules.None);
        return new SyncManifest(null, null, [mapping], null, null);
    }

    private static SyncManifest Load(string path, Action<string> warnings)
    {
        var result = ManifestLoader.Load(path);
        foreach (var d in result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
            warnings(d.ToString());
        if (result.HasErrors || result.Manifest is null)
            throw new UserFacingException(ExitCodes.Usage,
                string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)),
                formatted: true);
        return result.Manifest;
    }
}

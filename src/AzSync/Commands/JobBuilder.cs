using System.CommandLine;
using AzSync.Core;
using AzSync.Core.Manifest;
using AzSync.Core.Selection;

namespace AzSync.Commands;

/// <summary>A run's settings once the manifest (if any) and the flags are merged; flags win.</summary>
public sealed record JobSettings(SyncJob Job, string Destination, string? ManifestPath, bool FailOnEmpty);

/// <summary>Merges the manifest and the command line into one immutable job.</summary>
public static class JobBuilder
{
    public const string DefaultManifestName = "azsync.yaml";

    public static JobSettings Build(ParseResult parse, SyncOptions o, TextWriter warnings)
    {
        var source = parse.GetValue(o.Source);
        var destinationArgument = parse.GetValue(o.Destination);
        var manifestPath = parse.GetValue(o.Manifest);
        if (manifestPath is "") throw new UserFacingException(ExitCodes.Usage, "--manifest needs a file name.");
        // With --manifest, a lone positional can only be the destination: the manifest names its own sources.
        if (manifestPath is not null && source is not null && destinationArgument is null)
            (source, destinationArgument) = (null, source);
        if (manifestPath is not null && source is not null)
            throw new UserFacingException(ExitCodes.Usage,
                $"Give either SOURCE ('{source}') or --manifest ('{manifestPath}'), not both: a manifest names its own sources.");
        // A lone URL is never a folder to read: with azsync.yaml at hand it is that manifest's destination.
        if (manifestPath is null && destinationArgument is null && source is not null && source.Contains("://"))
        {
            if (!File.Exists(DefaultManifestName))
                throw new UserFacingException(ExitCodes.Usage,
                    "The only argument is a URL, which looks like a DESTINATION, not a SOURCE folder: give both " +
                    "(e.g. 'azsync sync ./public URL'), or name a manifest with --manifest FILE.");
            (source, destinationArgument) = (null, source);
        }
        if (manifestPath is null && source is null && File.Exists(DefaultManifestName))
            manifestPath = DefaultManifestName;

        SyncManifest manifest = manifestPath is null ? FromFlags(parse, o, source ?? ".") : Load(manifestPath, warnings);

        var include = CheckedGlobs(parse, o.Include);
        var exclude = CheckedGlobs(parse, o.Exclude);
        var mappings = manifest.Mappings.Select(m => m with
        {
            Include = include.Length > 0 ? include : m.Include,
            Exclude = exclude.Length > 0 ? exclude : m.Exclude,
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

        DeleteLimit? maxDelete = manifest.MaxDelete;
        if (parse.GetValue(o.MaxDelete) is { } text)
        {
            if (!DeleteLimit.TryParse(text, out var parsed))
                throw new UserFacingException(ExitCodes.Usage, $"--max-delete '{text}' is neither a count (e.g. 10) nor a percentage (e.g. 25%).");
            maxDelete = parsed;
        }
        var parallel = parse.GetValue(o.Parallel);
        if (parallel is < 1 or > 256)
            throw new UserFacingException(ExitCodes.Usage, $"--parallel {parallel} is out of range (1–256).");

        var shard = ParseShard(parse, o);
        var delete = parse.GetValue(o.Delete);
        if (shard is not null && delete == true)
            throw new UserFacingException(ExitCodes.Usage,
                $"--shard {shard} with --delete: a shard sees only part of the selection, " +
                "so the rest would look deleted. " +
                "Run the shards without --delete, then one unsharded run with --delete.");
        if (shard is not null && delete is null && manifest.Delete == true)
            warnings.WriteLine($"note: --shard {shard}: the manifest's 'delete: true' is left to the final unsharded run.");

        var job = new SyncJob(mappings, shard is null && (delete ?? manifest.Delete ?? false), maxDelete,
            new SelectionOptions(parse.GetValue(o.FollowSymlinks)), parallel, parse.GetValue(o.CreateContainer),
            Shard: shard);
        return new JobSettings(job, destination, manifestPath, parse.GetValue(o.FailOnEmpty));
    }

    private static Shard? ParseShard(ParseResult parse, SyncOptions o)
    {
        if (parse.GetValue(o.Shard) is not { } text) return null;
        return Shard.TryParse(text, out var shard, out var problem)
            ? shard
            : throw new UserFacingException(ExitCodes.Usage, problem!);
    }

    /// <summary>The option's globs, held to the manifest's rules so a flag cannot do what a manifest may not.</summary>
    private static string[] CheckedGlobs(ParseResult parse, Option<string[]> option)
    {
        var globs = parse.GetValue(option) ?? [];
        foreach (var glob in globs)
            if (Globs.Problem(glob) is { } problem)
                throw new UserFacingException(ExitCodes.Usage, $"{option.Name} '{glob}': {problem}");
        return globs;
    }

    /// <summary>
    /// Refuses a local destination that overlaps a source: inside it, every run would copy the destination into
    /// itself; around it, the destination's listing (and --delete) would take in the source's own files.
    /// </summary>
    public static void CheckNoOverlap(string localDestination, IReadOnlyList<Mapping> mappings)
    {
        // Compared with links resolved: a link is another name for the same folder, so through one the destination
        // can sit inside the source (and --delete empty it) while the names say otherwise.
        var destination = Path.TrimEndingDirectorySeparator(RealPath(localDestination));
        foreach (var mapping in mappings)
        {
            var source = Path.TrimEndingDirectorySeparator(RealPath(mapping.Source));
            if (IsSameOrInside(destination, source))
                throw new UserFacingException(ExitCodes.Usage,
                    $"Destination '{destination}' is the source folder '{source}' or inside it: every run would copy the destination into itself. Choose a destination outside the source.");
            if (IsSameOrInside(source, destination))
                throw new UserFacingException(ExitCodes.Usage,
                    $"Source folder '{source}' is inside the destination '{destination}': the sync (and --delete) would act on the source's own files. Choose a destination outside the source.");
        }
    }

    /// <summary>The absolute path with every symbolic link in it resolved; a part that does not exist yet is
    /// kept.</summary>
    private static string RealPath(string path, int hops = 0)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var parts = full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            // A loop of links cannot be resolved; the path as it stands is then the best there is.
            if (new FileInfo(next).LinkTarget is { } target && hops < 40)
                return RealPath(Path.Combine([Path.GetFullPath(target, current), .. parts[(i + 1)..]]), hops + 1);
            current = next;
        }
        return current;
    }

    private static bool IsSameOrInside(string path, string folder) =>
        path == folder || path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static SyncManifest FromFlags(ParseResult parse, SyncOptions o, string source)
    {
        var target = (parse.GetValue(o.Target) ?? "").Replace('\\', '/').Trim('/');
        if (target.Split('/').Any(s => s is ".." or "."))
            throw new UserFacingException(ExitCodes.Usage, $"--target '{target}' must not contain '.' or '..' segments.");
        var mapping = new Mapping(Path.GetFullPath(source), Mapping.DefaultInclude, [], target, HeaderRules.None);
        return new SyncManifest(null, null, [mapping], null, null);
    }

    private static SyncManifest Load(string path, TextWriter warnings)
    {
        var result = ManifestLoader.Load(path);
        foreach (var d in result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning)) warnings.WriteLine(d);
        if (result.HasErrors || result.Manifest is null)
            throw new UserFacingException(ExitCodes.Usage,
                string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)), formatted: true);
        return result.Manifest;
    }
}

using System.CommandLine;
using AzSync.Core.Run;
using AzSync.Stores;

namespace AzSync.Commands;

/// <summary>The options that `sync` and `plan` share, declared once.</summary>
internal sealed class SyncOptions
{
    public Argument<string?> Source { get; } = new("SOURCE")
    { Description = "Folder to sync (default: '.'). Not used with a manifest.", Arity = ArgumentArity.ZeroOrOne };
    public Argument<string?> Destination { get; } = new("DESTINATION")
    {
        Description = "A local folder, https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX] or " +
            "https://ACCOUNT.file.core.windows.net/SHARE[/DIR]; overrides the manifest's destination.",
        Arity = ArgumentArity.ZeroOrOne,
    };
    public Option<string?> Manifest { get; } = new("--manifest", "-m")
    {
        Description = "Manifest file (default: azsync.yaml in the working directory, when SOURCE is not given).",
    };
    public Option<string[]> Include { get; } = new("--include")
    {
        Description = "Glob of files to include (repeatable; default **/*). Replaces the manifest's include lists.",
        AllowMultipleArgumentsPerToken = false,
    };
    public Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = "Glob of files to exclude (repeatable). Replaces the manifest's exclude lists.",
    };
    public Option<string?> Target { get; } = new("--target")
    {
        Description = "Prefix under the destination (without a manifest).",
    };
    public Option<bool?> Delete { get; } = new("--delete")
    {
        Description = "Delete destination files under the targets that are not in the selection " +
            "(after every upload succeeded).",
    };
    public Option<string?> MaxDelete { get; } = new("--max-delete")
    {
        Description = "Most files a run may delete: a count (N) or a percentage (P%) of the files under the targets. " +
            "Default 50%.",
    };
    public Option<int> Parallel { get; } = new("--parallel")
    {
        Description = "Concurrent transfers; together they hold at most 128 MiB of file content.",
        DefaultValueFactory = _ => 32,
    };
    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "text, json, github or azure-pipelines " +
            "(default: github under GitHub Actions, azure-pipelines under Azure Pipelines, else text).",
    };
    public Option<string?> Report { get; } = new("--report")
    {
        Description = "Also write the JSON report to this file.",
    };
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show every file, and which credential sources were tried.",
    };
    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Show only errors and the final totals.",
    };
    public Option<bool> FollowSymlinks { get; } = new("--follow-symlinks")
    {
        Description = "Follow symbolic links in the source (loops are detected and skipped).",
    };
    public Option<bool> FailOnEmpty { get; } = new("--fail-on-empty")
    {
        Description = "Fail (exit 5) when the selection is empty instead of warning.",
    };
    public Option<bool> Force { get; } = new("--force")
    {
        Description = "Overwrite or delete even when the destination changed since it was listed.",
    };
    public Option<bool> IgnoreReadOnly { get; } = new("--ignore-readonly")
    {
        Description = "Azure Files: replace files that carry the ReadOnly attribute (refused otherwise).",
    };
    public Option<bool> CreateContainer { get; } = new("--create-container")
    {
        Description = "Create the container or share when it does not exist.",
    };
    public Option<bool> AllowHttp { get; } = new("--allow-http")
    {
        Description = "Allow plain http:// to a host that is not loopback.",
    };
    public Option<string?> DestinationType { get; } = NewDestinationType();
    public Option<string?> Shard { get; } = new("--shard")
    {
        HelpName = "K/N",
        Description = "Only shard K of N of the selection (e.g. 2/4), one job of a CI matrix; " +
            "never deletes (a final unsharded run does).",
    };

    /// <summary>Also taken by `auth status`, whose read check opens the same kind of store.</summary>
    public static Option<string?> NewDestinationType()
    {
        // Checked at parse time so a typo is a usage error (exit 5) in every command, before any store is opened.
        var option = new Option<string?>("--destination-type")
        {
            Description = "local, blob or file, when the destination URL does not tell " +
                "(e.g. an emulator on a custom port).",
        };
        option.AcceptOnlyFromAmong("local", "blob", "file");
        return option;
    }

    public SyncOptions()
    {
        // System.CommandLine takes an unknown '--option' as a positional value, so a typo would silently become
        // the source or destination folder; refuse it as the unknown option it almost certainly is.
        foreach (var argument in new[] { Source, Destination })
            argument.Validators.Add(result =>
            {
                if (result.Tokens is [{ Value: { Length: > 1 } value }, ..] && value[0] == '-')
                {
                    result.AddError($"Unknown option '{value}'. " +
                        $"(A folder whose name starts with '-' can be given as './{value}'.)");
                }
                // An unset variable in a script ("$OUT") arrives as ''; it must not mean the current folder.
                if (result.Tokens is [{ Value: "" }, ..])
                {
                    var hint = result.Argument == Source ? " (. for the current one)" : " or an Azure URL";
                    result.AddError($"{result.Argument.Name} is empty: give a folder{hint}.");
                }
            });
        Report.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: "" }, ..]) result.AddError("--report needs a file name.");
        });
    }

    public AuthOptions Auth { get; } = new();

    public void AddTo(Command command)
    {
        command.Arguments.Add(Source);
        command.Arguments.Add(Destination);
        Option[] options =
        [
            Manifest, Include, Exclude, Target, Delete, MaxDelete, Parallel, Output, Report, Verbose, Quiet,
            FollowSymlinks, FailOnEmpty, Force, IgnoreReadOnly, CreateContainer, AllowHttp, DestinationType, Shard,
        ];
        foreach (var option in options) command.Options.Add(option);
        foreach (var option in Auth.All) command.Options.Add(option);
    }

    /// <summary>The flags as given, for the run to merge with the manifest.</summary>
    public SyncFlags Read(ParseResult parse, RunMode mode, bool detailedExitCode) => new()
    {
        Mode = mode,
        DetailedExitCode = detailedExitCode,
        Source = parse.GetValue(Source),
        Destination = parse.GetValue(Destination),
        Manifest = parse.GetValue(Manifest),
        Include = parse.GetValue(Include) ?? [],
        Exclude = parse.GetValue(Exclude) ?? [],
        Target = parse.GetValue(Target),
        Delete = parse.GetValue(Delete),
        MaxDelete = parse.GetValue(MaxDelete),
        Parallel = parse.GetValue(Parallel),
        Output = parse.GetValue(Output),
        Report = parse.GetValue(Report),
        Verbose = parse.GetValue(Verbose),
        Quiet = parse.GetValue(Quiet),
        FollowSymlinks = parse.GetValue(FollowSymlinks),
        FailOnEmpty = parse.GetValue(FailOnEmpty),
        Force = parse.GetValue(Force),
        CreateContainer = parse.GetValue(CreateContainer),
        Shard = parse.GetValue(Shard),
    };

    /// <summary>How the destination's store is opened: the flags a run leaves to the store, and where it may
    /// speak.</summary>
    public StoreOpenOptions StoreOptions(ParseResult parse, StoreLog log) => new(
        parse.GetValue(DestinationType), parse.GetValue(AllowHttp), Auth.Request(parse, new AuthCommandContext()),
        log.Verbose, parse.GetValue(IgnoreReadOnly), log.Note);
}

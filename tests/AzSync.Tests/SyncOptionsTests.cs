using System.CommandLine;
using AzSync.Commands;
using AzSync.Core.Run;

namespace AzSync.Tests;

/// <summary>The command line as the run receives it: every option of `sync` and `plan` lands in its flag.</summary>
public sealed class SyncOptionsTests
{
    private static (SyncOptions Options, ParseResult Parse) Parse(params string[] args)
    {
        var options = new SyncOptions();
        var command = new Command("sync");
        options.AddTo(command);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return (options, parse);
    }

    [Fact]
    public void Every_option_is_mapped_to_its_flag()
    {
        var (o, parse) = Parse("-m", "deploy.yaml", "src", "dst", "--include", "a/**", "--include", "b/**",
            "--exclude", "**/*.map", "--target", "web", "--delete", "--max-delete", "10%", "--parallel", "4",
            "-o", "json", "--report", "r.json", "-v", "--follow-symlinks", "--fail-on-empty", "--force",
            "--create-container", "--shard", "1/2");

        var flags = o.Read(parse, RunMode.Plan, detailedExitCode: true);

        Assert.Equal(new SyncFlags
        {
            Mode = RunMode.Plan,
            DetailedExitCode = true,
            Manifest = "deploy.yaml",
            Source = "src",
            Destination = "dst",
            Include = flags.Include,
            Exclude = flags.Exclude,
            Target = "web",
            Delete = true,
            MaxDelete = "10%",
            Parallel = 4,
            Output = "json",
            Report = "r.json",
            Verbose = true,
            FollowSymlinks = true,
            FailOnEmpty = true,
            Force = true,
            CreateContainer = true,
            Shard = "1/2",
        }, flags);
        Assert.Equal(["a/**", "b/**"], flags.Include);
        Assert.Equal(["**/*.map"], flags.Exclude);
    }

    [Fact]
    public void Options_not_given_leave_the_manifest_its_say()
    {
        var (o, parse) = Parse("src");

        var flags = o.Read(parse, RunMode.Sync, detailedExitCode: false);

        Assert.Null(flags.Delete); // not false: the manifest's `delete` stands
        Assert.Null(flags.MaxDelete);
        Assert.Null(flags.Destination);
        Assert.Empty(flags.Include);
        Assert.Equal(32, flags.Parallel);
        Assert.False(flags.Quiet);
        var (no, noDelete) = Parse("src", "--delete", "false");
        Assert.False(no.Read(noDelete, RunMode.Sync, detailedExitCode: false).Delete);
    }

    [Fact]
    public void The_store_options_carry_the_flags_a_run_leaves_to_the_store_and_where_it_may_speak()
    {
        var (o, parse) = Parse("src", "http://127.0.0.1:10000/acct/web", "--destination-type", "blob",
            "--allow-http", "--ignore-readonly", "--auth", "sas", "--tenant-id", "t1");
        var log = new StringWriter();
        var notes = new List<string>();

        var options = o.StoreOptions(parse, new StoreLog(log, notes.Add));

        Assert.Equal("blob", options.DestinationType);
        Assert.True(options.AllowHttp);
        Assert.True(options.IgnoreReadOnly);
        Assert.Same(log, options.Log);
        options.Note!("a lease was cleared");
        Assert.Equal(["a lease was cleared"], notes);
        Assert.Equal("t1", options.Auth!.TenantId);
        Assert.Equal(AzSync.Azure.Identity.AuthMode.Sas, options.Auth.Mode);
    }

    [Theory]
    [InlineData("--destination-type", "s3", "'s3'")]
    [InlineData("--auth", "magic", "--auth 'magic' is not a mode")]
    [InlineData("--report", "", "--report needs a file name")]
    [InlineData("--parallel", "many", "many")]
    public void A_bad_option_value_is_a_parse_error(string option, string value, string expected)
    {
        var command = new Command("sync");
        new SyncOptions().AddTo(command);

        var parse = command.Parse(["src", option, value]);

        Assert.Contains(parse.Errors, e => e.Message.Contains(expected));
    }
}

using AzSync.Core.Manifest;
using AzSync.Core.Run;

namespace AzSync.Core.Tests.Run;

/// <summary>The manifest and the flags merged into one job: flags win, a manifest's paths are its own.</summary>
public sealed class JobBuilderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("azsync-job-").FullName;
    private readonly List<string> _warnings = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Manifest(string yaml)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "site")).FullName;
        Directory.CreateDirectory(Path.Combine(folder, "public"));
        var path = Path.Combine(folder, "azsync.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private JobSettings Build(SyncFlags flags) => JobBuilder.Build(flags, _warnings.Add);

    [Fact]
    public void A_manifests_relative_destination_and_sources_are_relative_to_the_manifest_and_its_settings_stand()
    {
        var manifest = Manifest("""
            version: 1
            destination: ../out
            delete: true
            maxDelete: 10
            mappings:
              - source: public
                target: web
                exclude: ["**/*.map"]
            """);

        var settings = Build(new SyncFlags { Manifest = manifest });

        Assert.Equal(Path.Combine(_root, "out"), settings.Destination);
        var mapping = Assert.Single(settings.Job.Mappings);
        Assert.Equal(Path.Combine(_root, "site", "public"), mapping.Source);
        Assert.Equal("web", mapping.Target);
        Assert.Equal(["**/*.map"], mapping.Exclude);
        Assert.True(settings.Job.Delete);
        Assert.Equal(new DeleteLimit(10, null), settings.Job.MaxDelete);
    }

    [Fact]
    public void Flags_win_over_the_manifest()
    {
        var manifest = Manifest("""
            version: 1
            destination: ../out
            delete: true
            mappings:
              - source: public
                include: ["**/*.html"]
                exclude: ["**/*.map"]
            """);
        var elsewhere = Path.Combine(_root, "elsewhere");

        var settings = Build(new SyncFlags
        {
            Manifest = manifest,
            Source = elsewhere,
            Delete = false,
            MaxDelete = "25%",
            Include = ["**/*.css"],
            Exclude = ["**/*.tmp"],
            Parallel = 4,
            CreateContainer = true,
        });

        Assert.Equal(elsewhere, settings.Destination); // with --manifest, a lone positional is the destination
        var mapping = Assert.Single(settings.Job.Mappings);
        Assert.Equal(["**/*.css"], mapping.Include);
        Assert.Equal(["**/*.tmp"], mapping.Exclude);
        Assert.False(settings.Job.Delete);
        Assert.Equal(new DeleteLimit(null, 25), settings.Job.MaxDelete);
        Assert.Equal(4, settings.Job.Parallel);
        Assert.True(settings.Job.CreateDestination);
    }

    [Theory]
    [InlineData("--max-delete", "--max-delete 'ten' is neither a count")]
    [InlineData("--parallel", "--parallel 0 is out of range")]
    [InlineData("--include", "--include '/abs/**'")]
    [InlineData("--target", "--target 'a/../b' must not contain")]
    [InlineData("--shard", "--shard 2/2 with --delete")]
    public void A_bad_flag_is_a_usage_error_that_names_it(string flag, string expected)
    {
        var flags = new SyncFlags { Source = _root, Destination = Path.Combine(_root, "out") };
        flags = flag switch
        {
            "--max-delete" => flags with { MaxDelete = "ten" },
            "--parallel" => flags with { Parallel = 0 },
            "--include" => flags with { Include = ["/abs/**"] },
            "--target" => flags with { Target = "a/../b" },
            _ => flags with { Shard = "2/2", Delete = true },
        };

        var e = Assert.Throws<UserFacingException>(() => Build(flags));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void A_shard_leaves_the_manifests_delete_to_the_final_run_and_says_so()
    {
        var manifest = Manifest("version: 1\ndestination: ../out\ndelete: true\nmappings:\n  - source: public\n");

        var settings = Build(new SyncFlags { Manifest = manifest, Shard = "1/3" });

        Assert.False(settings.Job.Delete);
        Assert.Equal(["note: --shard 1/3: the manifest's 'delete: true' is left to the final unsharded run."],
            _warnings);
    }

    [Fact]
    public void A_manifest_error_is_a_usage_error_with_the_manifests_own_diagnostics()
    {
        var manifest = Manifest("version: 1\nmappings:\n  - source: public\n    exclud: ['x']\n");

        var e = Assert.Throws<UserFacingException>(() => Build(new SyncFlags { Manifest = manifest }));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.True(e.Formatted);
        Assert.Contains($"{manifest}:4:", e.Message);
    }
}

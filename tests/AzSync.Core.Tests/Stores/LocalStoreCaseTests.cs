using System.Security.Cryptography;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;
using AzSync.Testing.CaseFolding;

namespace AzSync.Core.Tests.Stores;

/// <summary>
/// How the local store learns and honours the destination's case rule. The case-insensitive folder is a FUSE
/// passthrough on Linux and the native file system on macOS and Windows.
/// </summary>
[Trait("Needs", "fuse")]
public sealed class LocalStoreCaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-case-").FullName;
    private readonly CaseInsensitiveMount _mount = CaseInsensitiveMount.Create();

    public void Dispose()
    {
        _mount.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private LocalFile Source(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return new LocalFile(path, content.Length, MD5.HashData(File.ReadAllBytes(path)));
    }

    private static async Task<LocalStore> Opened(string root)
    {
        var store = new LocalStore(root);
        await store.PrepareAsync(false, default);
        return store;
    }

    [Fact]
    public async Task The_probe_finds_case_insensitive_names_on_the_mount_even_below_a_missing_folder()
    {
        Assert.True((await Opened(_mount.Path)).Features.CaseInsensitiveNames);
        Assert.True((await Opened(Path.Combine(_mount.Path, "not", "yet"))).Features.CaseInsensitiveNames);
        Assert.False(Directory.Exists(Path.Combine(_mount.Path, "not")), "probing must not create the destination");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_mount.Path));
    }

    [Fact]
    public async Task The_probe_answers_as_the_platform_file_system_matches_names_and_leaves_nothing_behind()
    {
        // Linux file systems match case; APFS and NTFS, as macOS and Windows runners format them, do not.
        Assert.Equal(!OperatingSystem.IsLinux(), (await Opened(_dir)).Features.CaseInsensitiveNames);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public async Task On_a_case_insensitive_folder_the_second_spelling_of_a_path_is_refused()
    {
        var store = await Opened(_mount.Path);

        Assert.Null(store.CheckName("docs/Index.html"));
        Assert.Null(store.CheckName("docs/Index.html"));
        Assert.Contains("'docs/Index.html' would be the same file", store.CheckName("DOCS/index.html"));
    }

    [Fact]
    public async Task A_replace_under_a_new_case_takes_the_new_spelling_and_the_new_content()
    {
        var store = await Opened(_mount.Path);
        await store.WriteAsync(new StoreWrite("Index.html", Source("a", "old"), new ContentHeaders(null), null, false),
            default);
        var listed = Assert.Single(await ListAsync(store));

        await store.WriteAsync(
            new StoreWrite("index.html", Source("b", "newer"), new ContentHeaders(null), listed, false), default);
        await store.CompleteAsync(default);

        Assert.Equal(["index.html"],
            Directory.GetFiles(_mount.Path).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')));
        var entry = Assert.Single(await ListAsync(await Opened(_mount.Path)));
        Assert.Equal("index.html", entry.Path);
        Assert.Equal(MD5.HashData("newer"u8), entry.ContentMd5);
    }

    [Fact]
    public async Task A_replace_spelled_differently_in_its_folder_is_indexed_as_the_next_listing_spells_it()
    {
        var store = await Opened(_mount.Path);
        await store.WriteAsync(new StoreWrite("Docs/A.txt", Source("a", "old"), new ContentHeaders(null), null, false),
            default);
        var listed = Assert.Single(await ListAsync(store));

        await store.WriteAsync(
            new StoreWrite("docs/a.txt", Source("b", "new"), new ContentHeaders(null), listed, false), default);
        await store.CompleteAsync(default);

        // The folder keeps its spelling, the file takes the new one, and the index vouches for it without a re-hash.
        var index = File.ReadAllText(Path.Combine(_mount.Path, ".azsync-index.json"));
        Assert.Contains("\"Docs/a.txt\"", index);
        Assert.DoesNotContain("Docs/A.txt", index);
        Assert.Equal("Docs/a.txt", Assert.Single(await ListAsync(await Opened(_mount.Path))).Path);
    }

    [Fact]
    public async Task A_path_longer_than_260_characters_is_written_and_listed()
    {
        var path = string.Join('/', Enumerable.Range(0, 6).Select(i => new string((char)('a' + i), 60))) + "/f.txt";
        var store = await Opened(Path.Combine(_dir, "dst"));

        await store.WriteAsync(new StoreWrite(path, Source("long", "x"), new ContentHeaders(null), null, false),
            default);

        Assert.True(Path.Combine(_dir, "dst", path).Length > 260);
        Assert.Equal(path, Assert.Single(await ListAsync(store)).Path);
    }

    [Theory]
    [InlineData("CON", "reserved name on Windows")]
    [InlineData("docs/nul.txt", "reserved name on Windows ('NUL')")]
    [InlineData("Com1.log", "reserved name")]
    [InlineData("lpt9", "reserved name")]
    [InlineData("conout$.txt", "reserved name")]
    [InlineData("a/name.", "ends with a dot")]
    [InlineData("name /b", "ends with a space")]
    [InlineData("a:b", "contains ':'")]
    public void Names_Windows_cannot_hold_are_refused_with_the_reason(string path, string expected) =>
        Assert.Contains(expected, WindowsNames.Problem(path));

    [Fact]
    public async Task Windows_names_are_refused_where_the_destination_is_on_Windows_and_only_there()
    {
        var store = await Opened(_dir);

        // On Linux and macOS 'CON' and 'a.' are ordinary names and round-trip as they are.
        if (OperatingSystem.IsWindows()) Assert.Contains("reserved name on Windows", store.CheckName("docs/CON"));
        else Assert.Null(store.CheckName("docs/CON"));
        Assert.Equal(OperatingSystem.IsWindows(), store.CheckName("a.") is not null);
    }

    [Theory]
    [InlineData("console.txt")]
    [InlineData("COM10")]
    [InlineData("a.b/c d.txt")]
    [InlineData(".hidden")]
    public void Ordinary_names_are_not_refused(string path) => Assert.Null(WindowsNames.Problem(path));

    private static async Task<List<StoreEntry>> ListAsync(IStore store)
    {
        var list = new List<StoreEntry>();
        await foreach (var e in store.ListAsync("", default)) list.Add(e);
        return list;
    }
}

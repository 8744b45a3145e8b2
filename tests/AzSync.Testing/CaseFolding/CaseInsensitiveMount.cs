using System.Diagnostics;

namespace AzSync.Testing.CaseFolding;

/// <summary>
/// A real case-insensitive, case-preserving folder on Linux: tests/fuse/ci_passthrough.py (fusepy over FUSE)
/// mounted over a private backing folder. Nothing here skips: a machine that cannot mount fails the test with
/// the reason, because a skipped proof is no proof (tools/install-deps.sh installs fuse3 and python3-fusepy).
/// On macOS and Windows the file system itself matches names without case, so <see cref="Create"/> returns a
/// plain temporary folder there.
/// </summary>
public sealed class CaseInsensitiveMount : IDisposable
{
    private static readonly TimeSpan MountTimeout = TimeSpan.FromSeconds(60);
    private readonly string _root;
    private readonly Process? _fuse;
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CaseInsensitiveMount(string root, string path, Process? fuse)
    {
        _root = root;
        Path = path;
        _fuse = fuse;
    }

    /// <summary>Completes when a read of the held file's second open first waits: that copy is under way (with
    /// <c>holdSecondOpen</c> only).</summary>
    public Task Held => _held.Task;

    /// <summary>The case-insensitive folder (empty at first).</summary>
    public string Path { get; }

    /// <param name="at">An empty folder to mount on, or null for a fresh one.</param>
    /// <param name="growOnSecondOpen">A file name that grows by a
    /// line when it is opened the second time (Linux only).</param>
    /// <param name="holdSecondOpen">A file name whose second open's
    /// reads wait for <see cref="ReleaseHeld"/> (Linux only).</param>
    public static CaseInsensitiveMount Create(string? at = null, string? growOnSecondOpen = null,
        string? holdSecondOpen = null)
    {
        var root = Directory.CreateTempSubdirectory("azsync-ci-").FullName;
        if (!OperatingSystem.IsLinux() && growOnSecondOpen is null && holdSecondOpen is null)
            return new CaseInsensitiveMount(root,
                Directory.CreateDirectory(System.IO.Path.Combine(root, "ci")).FullName, null);

        var backing = Directory.CreateDirectory(System.IO.Path.Combine(root, "backing")).FullName;
        var mount = at ?? Directory.CreateDirectory(System.IO.Path.Combine(root, "mnt")).FullName;
        var script = System.IO.Path.Combine(RepoPaths.Root, "tests", "fuse", "ci_passthrough.py");
        if (!File.Exists("/dev/fuse"))
            throw new InvalidOperationException(
                "/dev/fuse is missing: this machine cannot mount the case-insensitive test folder.");
        string[] grow = growOnSecondOpen is null ? [] : ["--grow-on-second-open", growOnSecondOpen];
        string[] hold = holdSecondOpen is null ? [] : ["--hold-second-open", holdSecondOpen, ReleaseFile(root)];
        var info = new ProcessStartInfo("/usr/bin/python3", [script, .. grow, .. hold, backing, mount])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var fuse = Process.Start(info) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stderr = fuse.StandardError.ReadToEndAsync();
        // The script prints "mounted" when the kernel first talks to it, which it does once the mount is in place.
        var ready = fuse.StandardOutput.ReadLineAsync();
        if (!ready.Wait(MountTimeout) || ready.Result != "mounted" || !IsMounted(mount))
        {
            if (!fuse.HasExited) fuse.Kill();
            fuse.WaitForExit();
            Directory.Delete(root, recursive: true);
            throw new InvalidOperationException(
                $"Could not mount the case-insensitive test folder ({script}): {stderr.Result.Trim()} " +
                "Install fuse3 and python3-fusepy (bash tools/install-deps.sh); /dev/fuse must be usable.");
        }
        var created = new CaseInsensitiveMount(root, mount, fuse);
        _ = Task.Run(async () =>
        {
            while (await fuse.StandardOutput.ReadLineAsync() is { } line)
                if (line == "held") created._held.TrySetResult();
        });
        return created;
    }

    private static bool IsMounted(string mount) =>
        File.ReadLines("/proc/self/mountinfo").Any(l => l.Split(' ').ElementAtOrDefault(4) == mount);

    private static string ReleaseFile(string root) => System.IO.Path.Combine(root, "release");

    /// <summary>Lets the held reads (and so the FUSE process, which serves one request at a time) go on.</summary>
    public void ReleaseHeld() => File.WriteAllText(ReleaseFile(_root), "");

    public void Dispose()
    {
        if (_fuse is not null)
        {
            ReleaseHeld();
            // Unmounting ends the FUSE process; a lazy unmount (-z) still detaches it when a file is left open.
            if (!Unmount("-u")) Unmount("-uz");
            if (!_fuse.WaitForExit(TimeSpan.FromSeconds(30))) _fuse.Kill();
            _fuse.Dispose();
        }
        Directory.Delete(_root, recursive: true);
    }

    private bool Unmount(string flags)
    {
        using var p =
            Process.Start(new ProcessStartInfo("fusermount3", [flags, Path]) { RedirectStandardError = true })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }
}

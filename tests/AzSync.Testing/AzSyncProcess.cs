using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AzSync.Testing;

/// <summary>What a finished run of the tool printed and returned.</summary>
public sealed record AzSyncResult(string CommandLine, int ExitCode, string StdOut, string StdErr, TimeSpan Duration)
{
    /// <summary>Everything a failed assertion needs to explain itself.</summary>
    public override string ToString() =>
        $"$ {CommandLine}\nexit code {ExitCode} after {Duration.TotalSeconds:0.00} s\n" +
        $"--- stdout ---\n{StdOut}--- stderr ---\n{StdErr}";
}

/// <summary>
/// Runs the real, built <c>azsync</c> as a child process. The tool is the executable named by the environment
/// variable <c>AZSYNC_EXE</c> (e.g. an installed global tool) or else the build output
/// <c>src/AzSync/bin/&lt;Configuration&gt;/net10.0/azsync.dll</c>, run with <c>dotnet</c>, where Configuration is
/// the one the calling test assembly was built with.
/// </summary>
public sealed class AzSyncProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // Variables that switch the tool into a CI output mode; a test run inside CI must not inherit them.
    private static readonly string[] CiVariables = ["CI", "GITHUB_ACTIONS", "TF_BUILD"];

    private static readonly Lazy<AzSyncProcess> Located = new(Locate);

    private readonly string _fileName;
    private readonly IReadOnlyList<string> _leadingArgs;

    private AzSyncProcess(string fileName, IReadOnlyList<string> leadingArgs)
    {
        _fileName = fileName;
        _leadingArgs = leadingArgs;
    }

    /// <summary>The tool located once per test run (throws with instructions when it cannot be found).</summary>
    public static AzSyncProcess Default => Located.Value;

    /// <summary>
    /// The tool run without root's power to read anything (as 'nobody' through util-linux setpriv when the tests
    /// run as root), so permission errors can be tested; as an ordinary user it is the tool itself.
    /// </summary>
    public static AzSyncProcess Unprivileged => !Environment.IsPrivilegedProcess ? Default : AsNobody.Value;

    private static readonly Lazy<AzSyncProcess> AsNobody = new(() =>
    {
        // 'nobody' may not reach the build output at all: a clone under `mktemp -d` (mode 700) hides it. A copy of the
        // tool's folder in a world-readable place runs the same build.
        var args = Default._leadingArgs.ToList();
        if (args.Count == 1 && File.Exists(args[0]))
        {
            var copy = Path.Combine(Path.GetTempPath(), "azsync-as-nobody-" + Guid.NewGuid().ToString("N")[..12]);
            var from = Path.GetDirectoryName(args[0])!;
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            if (!OperatingSystem.IsWindows())
                foreach (var dir in Directory.GetDirectories(copy, "*", SearchOption.AllDirectories).Append(copy))
                    File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32("755", 8));
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(copy, recursive: true); } catch (IOException) { }
            };
            args[0] = Path.Combine(copy, Path.GetFileName(args[0]));
        }
        return new AzSyncProcess("setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups",
            Default._fileName, .. args]);
    });

    public Task<AzSyncResult> RunAsync(IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var run = Start(args, workingDirectory, environment);
        return run.WaitAndDisposeAsync(timeout ?? DefaultTimeout);
    }

    /// <summary>Starts the tool on a pseudo-terminal (util-linux `script`), for commands that rightly refuse to prompt
    /// without a person at a terminal (device code sign-in). The terminal's output, stdout and stderr interleaved
    /// with CRLF line ends, arrives on the result's StdOut; input is at EOF.</summary>
    public AzSyncRun StartInTerminal(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var argList = args.ToList();
        var command = string.Join(' ', new[] { _fileName }.Concat(_leadingArgs).Concat(argList).Select(ShellQuote));
        var info = StartInfo(null, environment);
        info.FileName = "script";
        foreach (var a in new[] { "-q", "-e", "-c", command, "/dev/null" }) info.ArgumentList.Add(a);
        return Launch(info, "azsync " + string.Join(' ', argList.Select(Quote)) + " (on a terminal)");
    }

    /// <summary>Starts the tool and returns at once, for tests that signal or kill it mid-run.</summary>
    /// <param name="environment">Overrides: a null value removes the variable.</param>
    /// <param name="defaultSigint">
    /// Make sure SIGINT is not ignored in the child: a process started from a non-interactive shell's
    /// background job inherits an ignored SIGINT, and .NET keeps it ignored.
    /// </param>
    public AzSyncRun Start(IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, bool defaultSigint = false)
    {
        var argList = args.ToList();
        var info = StartInfo(workingDirectory, environment);
        if (defaultSigint && SigintIgnoredHere())
        {
            info.FileName = "/usr/bin/env";
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add(_fileName);
        }
        else
        {
            info.FileName = _fileName;
        }
        foreach (var a in _leadingArgs) info.ArgumentList.Add(a);
        foreach (var a in argList) info.ArgumentList.Add(a);
        return Launch(info, "azsync " + string.Join(' ', argList.Select(Quote)));
    }

    private static ProcessStartInfo StartInfo(string? workingDirectory,
        IReadOnlyDictionary<string, string?>? environment)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var name in CiVariables) info.Environment.Remove(name);
        // .NET picks the console encoding from the locale; a Latin-1 or "C" locale would turn '→' into '?'.
        info.Environment["LC_ALL"] = "C.UTF-8";
        if (environment is not null)
            foreach (var (name, value) in environment)
            {
                if (value is null) info.Environment.Remove(name);
                else info.Environment[name] = value;
            }
        return info;
    }

    private static AzSyncRun Launch(ProcessStartInfo info, string commandLine)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        // The tool must never wait for input; a closed stdin makes any accidental prompt fail fast.
        process.StandardInput.Close();
        return new AzSyncRun(process, commandLine);
    }

    private static AzSyncProcess Locate()
    {
        var exe = Environment.GetEnvironmentVariable("AZSYNC_EXE");
        if (!string.IsNullOrWhiteSpace(exe))
        {
            if (exe.Contains(Path.DirectorySeparatorChar) && !File.Exists(exe))
                throw new FileNotFoundException($"AZSYNC_EXE points to '{exe}', which does not exist.");
            return new AzSyncProcess(exe, []);
        }

        var root = RepoPaths.Root;
        var configuration = BuildConfiguration() ?? "Debug";
        var dll = Path.Combine(root, "src", "AzSync", "bin", configuration, "net10.0", "azsync.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException(
                $"The built tool is missing: '{dll}'. Build it with 'dotnet build src/AzSync -c {configuration}' " +
                "(dotnet test on the end-to-end project does this), or set AZSYNC_EXE to an azsync executable.");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return new AzSyncProcess(string.IsNullOrEmpty(dotnet) ? "dotnet" : dotnet, [dll]);
    }

    /// <summary>"Debug" or "Release": the path segment after "bin" in the test assembly's own folder.</summary>
    private static string? BuildConfiguration()
    {
        var segments =
            AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(segments, "bin");
        return bin >= 0 && bin + 1 < segments.Length ? segments[bin + 1] : null;
    }

    private static bool SigintIgnoredHere()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/env")) return false;
        var line =
            File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        // Signal n is bit n-1 of the mask; SIGINT is 2.
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;
    }

    private static string ShellQuote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:%*".Contains(c)) ? arg : ShellQuote(arg);
}

/// <summary>A started run of the tool. Disposing it kills the process if it is still running.</summary>
public sealed class AzSyncRun : IDisposable
{
    private readonly Process _process;
    private readonly string _commandLine;
    private readonly Task<string> _stdout, _stderr;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    internal AzSyncRun(Process process, string commandLine)
    {
        _process = process;
        _commandLine = commandLine;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the exit; past the timeout the process is
    /// killed and a TimeoutException says what it printed.</summary>
    public async Task<AzSyncResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync();
            throw new TimeoutException(
                $"'{_commandLine}' did not finish within {timeout.TotalSeconds:0} s and was killed.\n" +
                $"--- stdout ---\n{await _stdout}--- stderr ---\n{await _stderr}");
        }
        return new AzSyncResult(_commandLine, _process.ExitCode, await _stdout, await _stderr, _clock.Elapsed);
    }

    public async Task<AzSyncResult> WaitAndDisposeAsync(TimeSpan timeout)
    {
        using (this) return await WaitAsync(timeout);
    }

    /// <summary>Ends the process at once (SIGKILL): nothing in it gets to clean up, like a power cut.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already exited */ }
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does (Process.Kill can only send SIGKILL).</summary>
    public async Task InterruptAsync()
    {
        var pid = _process.Id.ToString(CultureInfo.InvariantCulture);
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not start 'kill'.");
        var error = await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -INT {_process.Id} failed: {error}");
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}

using System.Diagnostics;

namespace AzSync.Testing;

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public string All => StdOut + StdErr;
}

/// <summary>Runs a real program (node, bash, azcopy, the tool) to completion, capturing its output.</summary>
public static class ChildProcess
{
    /// <param name="env">Overrides on top of the environment; a null value removes the variable.</param>
    /// <param name="keepOnly">When given, the child starts from only these inherited variables (an empty list: none),
    /// as a CI runner or agent starts a step, so nothing from the developer's shell leaks in.</param>
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null,
        IReadOnlyCollection<string>? keepOnly = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (keepOnly is not null)
            foreach (var k in info.Environment.Keys.Where(k => !keepOnly.Contains(k)).ToList())
                info.Environment.Remove(k);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
            if (v is null) info.Environment.Remove(k); else info.Environment[k] = v;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{file} {string.Join(' ', args)} did not finish in time. Output so far: {await stdout}{await stderr}");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The same, for the synchronous places (fixture constructors, lazy builds).</summary>
    public static ProcessResult Run(string file, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null,
        IReadOnlyCollection<string>? keepOnly = null) =>
        RunAsync(file, args, workingDirectory, env, timeout, keepOnly).GetAwaiter().GetResult();
}

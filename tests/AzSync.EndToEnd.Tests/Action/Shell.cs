using System.Diagnostics;

namespace AzSync.EndToEnd.Tests.Action;

internal static class Shell
{
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, string workingDirectory,
        IDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in env) if (v is not null) psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} did not finish.");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The first executable of that name on PATH.</summary>
    public static string Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH.");
}

using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Action;

internal static class Shell
{
    /// <param name="env">When given, the whole environment (as a runner gives a step), not overrides.</param>
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var r = ChildProcess.Run(file, args, workingDirectory, env, timeout, keepOnly: env is null ? null : []);
        return (r.ExitCode, r.All);
    }

    /// <summary>The first executable of that name on PATH.</summary>
    public static string Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH.");
}

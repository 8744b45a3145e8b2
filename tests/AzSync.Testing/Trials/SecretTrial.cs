namespace AzSync.Testing.Trials;

/// <summary>
/// Secret scans: the built tool in every output mode (text, -v, -q, json, --report, GitHub Actions with its summary
/// and output files, Azure Pipelines), with a SAS and with the account key, through faults and with a SAS that may
/// not write. No output, file or log may hold the signature, the key, or either escaped.
/// </summary>
public sealed class SecretTrial(TrialStore store, int seed)
{
    private static readonly (string Name, string[] Args, bool GitHub, bool Pipelines)[] Modes =
    [
        ("text", [], false, false), ("-v", ["-v"], false, false), ("-q", ["-q"], false, false),
        ("json", ["-o", "json"], false, false), ("report", [], false, false),
        ("github", [], true, false), ("github -v", ["-v"], true, false), ("pipelines", [], false, true),
    ];

    public async Task<TrialCounts> RunAsync(Action<string>? log = null)
    {
        var counts = new TrialCounts();
        var dir = Directory.CreateTempSubdirectory("azsync-secrets-").FullName;
        var source = Directory.CreateDirectory(Path.Combine(dir, "src")).FullName;
        var container = $"secrets{seed}";
        try
        {
            File.WriteAllText(Path.Combine(source, "a.txt"), "a");
            Directory.CreateDirectory(Path.Combine(source, "d"));
            File.WriteAllText(Path.Combine(source, "d", "b.txt"), "b");
            await store.CreateAsync(container);
            var (sas, signature) = store.Sas(container, write: true);
            var (readOnly, readOnlySignature) = store.Sas(container, write: false);
            var secrets = new[] { store.Key, signature, readOnlySignature };
            store.Proxy.Faults = new RandomFaults(seed, 0.2);
            var credentials = new (string Name, string Url, IReadOnlyDictionary<string, string?> Env)[]
            {
                ("key", store.Url(container), store.Environment),
                ("sas", $"{store.Url(container)}?{sas}", new Dictionary<string, string?>()),
                ("read-only sas", $"{store.Url(container)}?{readOnly}", new Dictionary<string, string?>()),
            };
            foreach (var (credential, url, env) in credentials)
                foreach (var mode in Modes)
                {
                    File.AppendAllText(Path.Combine(source, "a.txt"), "+");
                    var files = new List<string>();
                    var environment = new Dictionary<string, string?>(env);
                    List<string> args = ["sync", source, url, .. store.TypeArgs, .. mode.Args];
                    if (mode.Name == "report") args.AddRange(["--report", Add(files, dir, "report.json")]);
                    if (mode.GitHub)
                    {
                        environment["GITHUB_ACTIONS"] = "true";
                        environment["GITHUB_STEP_SUMMARY"] = Add(files, dir, "summary.md");
                        environment["GITHUB_OUTPUT"] = Add(files, dir, "output.txt");
                    }
                    if (mode.Pipelines) environment["TF_BUILD"] = "True";
                    var result = await AzSyncProcess.Default.RunAsync(args, environment: environment,
                        timeout: TimeSpan.FromMinutes(5));
                    counts.Runs++;
                    if (result.ExitCode != 0) counts.NonZeroExits++;
                    var texts = files.Where(File.Exists).Select(File.ReadAllText)
                        .Prepend(result.StdOut + result.StdErr);
                    foreach (var text in texts)
                        foreach (var secret in secrets)
                            if (Leaks(text, secret))
                            {
                                counts.Leaks++;
                                counts.Findings.Add($"{store.Kind} {credential} {mode.Name}: a secret:\n{result}");
                            }
                    foreach (var f in files) File.Delete(f);
                }
            counts.Faults = store.Proxy.Faults.Total;
            log?.Invoke(
                $"{store.Kind} secrets seed {seed}: {counts.Runs} runs, {counts.Faults} faults, {counts.Leaks} leaks");
        }
        finally
        {
            store.Proxy.Faults = null;
            Directory.Delete(dir, true);
        }
        return counts;
    }

    private static string Add(List<string> files, string dir, string name)
    {
        files.Add(Path.Combine(dir, name));
        return files[^1];
    }

    /// <summary>The secret as it is, URL-escaped, or (for a key) as the middle of its base64 that any echo would
    /// carry.</summary>
    private static bool Leaks(string text, string secret) =>
        text.Contains(secret, StringComparison.Ordinal) ||
        text.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal) ||
        text.Contains(secret.Substring(secret.Length / 4, 16), StringComparison.Ordinal);
}

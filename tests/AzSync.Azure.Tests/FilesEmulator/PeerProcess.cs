using System.Diagnostics;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>Runs a real peer (node, azcopy) as a child process with a time limit and captures its output.</summary>
internal static class PeerProcess
{
    public static async Task<(int Exit, string Output)> Run(string file, IEnumerable<string> args, string workDir,
        IDictionary<string, string>? env = null, int timeoutSeconds = 120)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException($"{file} did not finish in {timeoutSeconds}s."); }
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>Signs an account SAS with the official JS SDK, so the emulator is checked against what real clients produce.</summary>
    public static async Task<string> AccountSas(string repoRoot, string account, string key, string permissions = "rwdlc")
    {
        const string script = """
            const f = require("@azure/storage-file-share");
            const c = new f.StorageSharedKeyCredential(process.argv[1], process.argv[2]);
            console.log(f.generateAccountSASQueryParameters({ expiresOn: new Date(Date.now() + 3600e3),
              permissions: f.AccountSASPermissions.parse(process.argv[3]), resourceTypes: "sco", services: "f",
              protocol: f.SASProtocol.HttpsAndHttp }, c).toString());
            """;
        var (exit, output) = await Run("node", ["-e", script, account, key, permissions], Path.Combine(repoRoot, "tools", "node"));
        if (exit != 0) throw new InvalidOperationException("node could not sign a SAS: " + output);
        return output.Trim();
    }
}

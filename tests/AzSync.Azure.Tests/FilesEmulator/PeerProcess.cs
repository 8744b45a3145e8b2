using AzSync.Testing;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>Runs a real peer (node, azcopy) as a child process with a time limit and captures its output.</summary>
internal static class PeerProcess
{
    public static async Task<(int Exit, string Output)> Run(string file, IEnumerable<string> args, string workDir,
        IDictionary<string, string>? env = null, int timeoutSeconds = 120)
    {
        var result = await ChildProcess.RunAsync(file, args, workDir,
            env?.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), TimeSpan.FromSeconds(timeoutSeconds));
        return (result.ExitCode, result.All);
    }

    /// <summary>Signs an account SAS with the official JS SDK, so the
    /// emulator is checked against what real clients produce.</summary>
    public static async Task<string> AccountSas(string repoRoot, string account, string key,
        string permissions = "rwdlc")
    {
        const string script = """
            const f = require("@azure/storage-file-share");
            const c = new f.StorageSharedKeyCredential(process.argv[1], process.argv[2]);
            console.log(f.generateAccountSASQueryParameters({ expiresOn: new Date(Date.now() + 3600e3),
              permissions: f.AccountSASPermissions.parse(process.argv[3]), resourceTypes: "sco", services: "f",
              protocol: f.SASProtocol.HttpsAndHttp }, c).toString());
            """;
        var (exit, output) =
            await Run("node", ["-e", script, account, key, permissions], Path.Combine(repoRoot, "tools", "node"));
        if (exit != 0) throw new InvalidOperationException("node could not sign a SAS: " + output);
        return output.Trim();
    }
}

using System.Globalization;

namespace AzSync.Testing.FakeIdentity;

/// <summary>Fake `az` and `pwsh` executables in a temp dir, printing what Azure.Identity's AzureCliCredential and
/// AzurePowerShellCredential parse. Each writes its arguments
/// to a log file so tests can check what was asked.</summary>
public sealed class FakeTools : IDisposable
{
    public string BinDirectory { get; } = Directory.CreateTempSubdirectory("azsync-fake-bin-").FullName;
    public string AzLog => Path.Combine(BinDirectory, "az.log");
    public string PwshLog => Path.Combine(BinDirectory, "pwsh.log");

    public void WriteAz(string accessToken, DateTimeOffset expiresOn)
    {
        var json = FakeJwt.Json(new Dictionary<string, object>
        {
            ["accessToken"] = accessToken,
            ["expiresOn"] = expiresOn.LocalDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff",
                CultureInfo.InvariantCulture),
            ["expires_on"] = expiresOn.ToUnixTimeSeconds(),
            ["subscription"] = "sub",
            ["tenant"] = "cli-tenant",
            ["tokenType"] = "Bearer",
        });
        Write("az", $"echo \"$@\" >> '{AzLog}'\ncat <<'JSON'\n{json}\nJSON\n");
    }

    public void WriteAzNotLoggedIn() =>
        Write("az", "echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n");

    public void WritePwsh(string accessToken, DateTimeOffset expiresOn)
    {
        var xml =
            "<Object Type=\"System.Management.Automation.PSCustomObject\"><Property Name=\"Token\" " +
            $"Type=\"System.String\">{accessToken}</Property>" +
                  $"<Property Name=\"ExpiresOn\" Type=\"System.Int64\">{expiresOn.UtcTicks}</Property></Object>";
        Write("pwsh", $"echo \"$@\" >> '{PwshLog}'\ncat <<'XML'\n{xml}\nXML\n");
    }

    private void Write(string name, string body)
    {
        var path = Path.Combine(BinDirectory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(BinDirectory, recursive: true);
}

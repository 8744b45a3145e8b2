using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>Secrets given to the action are masked before anything could print them and never leak as text.</summary>
[Collection(ActionCollection.Name)]
[Trait("Needs", "node"), Trait("Needs", "pack")]
public sealed class ActionSecretTests(PackedTool tool)
{
    private const string SasSig = "SasSig0123456789abcdefXYZ%3D";
    private const string SasToken = "?sv=2025-01-05&ss=b&srt=co&sp=rwdl&se=2030-01-01T00:00:00Z&sig=" + SasSig;
    private const string AccountKey = "QWNjb3VudEtleVNlY3JldDAxMjM0NTY3ODk=";
    private const string ConnKey = "Q29ubktleVNlY3JldDk4NzY1NDMyMTA=";
    private const string ConnSig = "ConnSasSigSecret42";
    private const string ConnectionString = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + ConnKey +
                                            ";SharedAccessSignature=sv=2025-01-05&sig=" + ConnSig +
                                            ";EndpointSuffix=core.windows.net";
    private const string UrlSig = "UrlSigSecret789ABCdef%2B";

    [Fact]
    public void Secret_inputs_are_masked_first_and_appear_nowhere_else()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();

        var run = box.Run(("source", "site"), ("destination", "out"), ("args", "--verbose"),
            ("sas-token", SasToken), ("account-key", AccountKey), ("connection-string", ConnectionString));

        Assert.True(run.Succeeded, run.Log);
        var masks = AssertMasksComeFirst(run.Stdout);
        foreach (var secret in new[] { SasToken[1..], SasSig, AccountKey, ConnectionString, ConnKey, ConnSig })
            Assert.Contains(secret, masks);
        AssertNowhereElse(run, SasSig, AccountKey, ConnKey, ConnSig);
    }

    [Fact]
    public void A_SAS_in_the_destination_URL_is_masked_and_stays_out_of_errors_and_reports()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        // Nothing listens on port 1: the run fails, and its error must still not carry the signature.
        var destination = $"https://127.0.0.1:1/web/site?sv=2025-01-05&sp=rwdl&sig={UrlSig}&se=2030-01-01";

        var run = box.Run(("source", "site"), ("destination", destination), ("args", "--verbose"));

        Assert.NotEqual(0, run.ExitCode);
        var masks = AssertMasksComeFirst(run.Stdout);
        Assert.Contains(UrlSig, masks);
        Assert.Contains($"sv=2025-01-05&sp=rwdl&sig={UrlSig}&se=2030-01-01", masks);
        AssertNowhereElse(run, UrlSig);
    }

    [Fact]
    public void A_multi_line_secret_is_masked_line_by_line()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        const string first = "FirstLineOfKey111", second = "SecondLineOfKey222";

        var run = box.Run(("source", "site"), ("destination", "out"), ("account-key", $"{first}\r\n{second}\n"));

        Assert.True(run.Succeeded, run.Log);
        var masks = AssertMasksComeFirst(run.Stdout);
        Assert.Equal([first, second], masks);
        AssertNowhereElse(run, first, second);
    }

    /// <summary>Every ::add-mask:: line comes before any other line of the step; returns the masked values.</summary>
    internal static List<string> AssertMasksComeFirst(string stdout)
    {
        var lines = stdout.Split('\n');
        var firstOther = Array.FindIndex(lines, l => !l.StartsWith("::add-mask::", StringComparison.Ordinal));
        Assert.True(firstOther > 0, $"the step printed no ::add-mask:: line first:\n{stdout}");
        Assert.DoesNotContain(lines.Skip(firstOther), l => l.Contains("::add-mask::"));
        // As the runner reads a command's message.
        return lines.Take(firstOther).Select(l => l["::add-mask::".Length..].TrimEnd('\r')
            .Replace("%0D", "\r").Replace("%0A", "\n").Replace("%25", "%")).ToList();
    }

    internal static void AssertNowhereElse(ActionRun run, params string[] secrets)
    {
        var stdout = string.Join(
            '\n', run.Stdout.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)));
        var report = run.Outputs.TryGetValue("report", out var path) && File.Exists(path) ? File.ReadAllText(path) : "";
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, stdout);
            Assert.DoesNotContain(secret, run.Stderr);
            Assert.DoesNotContain(secret, run.Summary);
            Assert.DoesNotContain(secret, report);
            Assert.DoesNotContain(run.Outputs.Values, v => v.Contains(secret));
        }
    }
}

using System.Text.Json;

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>The parts of the tool's JSON report the tests look at.</summary>
public sealed class Report
{
    private readonly JsonElement _root;

    private Report(JsonElement root) => _root = root;

    public static Report Parse(string json)
    {
        try
        {
            return new Report(JsonDocument.Parse(json).RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"The report is not JSON ({e.Message}):\n{json}");
        }
    }

    public static Report Load(string path) => Parse(File.ReadAllText(path));

    public int Total(string name) => _root.GetProperty("totals").GetProperty(name).GetInt32();
    public int ExitCode => _root.GetProperty("exitCode").GetInt32();
    public bool DryRun => _root.GetProperty("dryRun").GetBoolean();
    public bool DeletesSkipped => _root.GetProperty("deletesSkipped").GetBoolean();

    public IReadOnlyList<ReportEntry> Files => _root.GetProperty("files").EnumerateArray().Select(f => new ReportEntry(
        f.GetProperty("path").GetString()!, f.GetProperty("action").GetString()!, f.GetProperty("reason").GetString()!,
        f.TryGetProperty("status", out var s) ? s.GetString() : null,
        f.TryGetProperty("error", out var e) ? e.GetString() : null)).ToList();

    public IEnumerable<string> PathsWith(string action) => Files.Where(f => f.Action == action).Select(f => f.Path);

    public override string ToString() => _root.ToString();
}

public sealed record ReportEntry(string Path, string Action, string Reason, string? Status, string? Error);

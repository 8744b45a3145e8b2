namespace AzSync.Core.Reporting.Outputs;

/// <summary>--output json: the report, and nothing else, on stdout.</summary>
internal sealed class JsonOutput(TextWriter stdout) : IRunOutput
{
    public void Finished(SyncReport report, string? json) => stdout.WriteLine(json ?? report.ToJson());
}

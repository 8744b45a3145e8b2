using Azure.Core.Pipeline;

namespace AzSync.Azure.Identity;

/// <summary>Everything the chooser may look at. The environment
/// is injected so tests never touch the process's.</summary>
internal sealed record AuthRequest
{
    /// <summary>From --auth; null means "not given", then
    /// AZSYNC_AUTH, then AZCOPY_AUTO_LOGIN_TYPE, then auto.</summary>
    public AuthMode? Mode { get; init; }
    public string? AccountName { get; init; }
    public StorageService Service { get; init; } = StorageService.Blob;
    /// <summary>The SAS query found in the destination URL, without '?'.</summary>
    public string? SasQuery { get; init; }
    public string? TenantId { get; init; }
    public string? ClientId { get; init; }
    public string? AuthorityHost { get; init; }
    public string? ServiceConnectionId { get; init; }
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    /// <summary>For tests: the HTTP transport every credential uses (e.g. one trusting a test CA).</summary>
    public HttpPipelineTransport? Transport { get; init; }
    public bool StdinInteractive { get; init; }
    public bool StdoutInteractive { get; init; }
    /// <summary>Where `azsync device` prints the device code prompt.</summary>
    public TextWriter? Prompt { get; init; }
    public TimeSpan ManagedIdentityTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan ProcessTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Never the SAS or environment values: only what is safe in a log.</summary>
    public override string ToString() =>
        $"AuthRequest {{ Mode = {Mode?.ToString() ?? "(unset)"}, Account = {AccountName}, Service = {Service}, SAS = " +
        $"{(SasQuery is null ? "none" : "present")}, " +
        $"TenantId = {TenantId}, ClientId = {ClientId}, AuthorityHost = {AuthorityHost} }}";

    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var d = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            d[(string)e.Key] = e.Value as string;
        return d;
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace AzSync.EndToEnd.Tests.PipelinesTask;

/// <summary>
/// A job on a fake agent that runs the packaged task's steps the way the agent's Node handler starts them: a clean
/// environment with the agent's AGENT_/BUILD_/SYSTEM_ variables, the job's SystemVssConnection endpoint (which carries
/// the job access token for every task), service connections as ENDPOINT_* and the step's inputs as INPUT_*.
/// </summary>
public sealed class AgentJob : IDisposable
{
    public const string CollectionUri = "https://dev.azure.com/azsync-e2e/";
    private readonly PackagedTask _task;
    private readonly Dictionary<string, string?> _env;

    public string Root { get; } = Directory.CreateTempSubdirectory("azsync-agent-").FullName;
    public string Sources => Path.Combine(Root, "s");
    public string Temp => Path.Combine(Root, "_temp");

    public AgentJob(PackagedTask task, string jobAccessToken)
    {
        _task = task;
        Directory.CreateDirectory(Sources);
        Directory.CreateDirectory(Temp);
        _env = new Dictionary<string, string?>
        {
            ["TF_BUILD"] = "True",
            ["AGENT_TOOLSDIRECTORY"] = Path.Combine(Root, "_tool"),
            ["AGENT_TEMPDIRECTORY"] = Temp,
            ["SYSTEM_DEFAULTWORKINGDIRECTORY"] = Sources,
            ["BUILD_SOURCESDIRECTORY"] = Sources,
            ["SYSTEM_TEAMFOUNDATIONCOLLECTIONURI"] = CollectionUri,
            ["SYSTEM_COLLECTIONURI"] = CollectionUri,
            ["SYSTEM_TEAMPROJECT"] = "project",
            ["SYSTEM_TEAMPROJECTID"] = "5f0c0c0c-0000-4000-8000-00000000e2e0",
            ["SYSTEM_HOSTTYPE"] = "build",
            // The agent hands every task the job token through this endpoint, mapped or not.
            ["ENDPOINT_URL_SYSTEMVSSCONNECTION"] = CollectionUri,
            ["ENDPOINT_AUTH_SYSTEMVSSCONNECTION"] = JsonSerializer.Serialize(
                new { parameters = new { AccessToken = jobAccessToken }, scheme = "OAuth" }),
            ["ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION"] = "OAuth",
            ["ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"] = jobAccessToken,
            // Where the task installs the tool from instead of nuget.org.
            ["AZSYNC_NUGET_SOURCE"] = task.Tool.Feed,
        };
    }

    public string WriteSource(string path, string content)
    {
        var full = Path.Combine(Sources, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>An Azure Resource Manager service connection, named as the agent names it: the endpoint id in lower
    /// case, parameter and data keys in upper case.</summary>
    public void AddAzureRmConnection(string id, string scheme, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> data)
    {
        _env[$"ENDPOINT_URL_{id}"] = "https://management.azure.com/";
        _env[$"ENDPOINT_AUTH_{id}"] = JsonSerializer.Serialize(new { parameters, scheme });
        _env[$"ENDPOINT_AUTH_SCHEME_{id}"] = scheme;
        foreach (var (k, v) in parameters) _env[$"ENDPOINT_AUTH_PARAMETER_{id}_{k.ToUpperInvariant()}"] = v;
        _env[$"ENDPOINT_DATA_{id}"] = JsonSerializer.Serialize(data);
        foreach (var (k, v) in data) _env[$"ENDPOINT_DATA_{id}_{k.ToUpperInvariant()}"] = v;
    }

    /// <summary>Runs one AzSync@1 step: <paramref name="inputs"/> by their task.json names,
    /// <paramref name="env"/> as the step's environment on top of the job's (a null value removes a variable).
    /// <paramref name="node"/> is the runtime the agent's handler brings: Node 20 from the machine, or Node 24 from
    /// the test peers.</summary>
    public StepRun Run(IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string?>? env = null,
        string node = "node")
    {
        var all = new Dictionary<string, string?>(_env);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) all[k] = v;
        foreach (var (k, v) in inputs) all["INPUT_" + k.ToUpperInvariant()] = v;
        var r = TaskProcess.Run(node, [_task.Entry], Sources, all, clearEnv: true, timeout: TimeSpan.FromMinutes(3));
        return new StepRun(r.StdOut, r.StdErr);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>What the agent reads from a step's output: logging commands, the result, and any secret that got
/// out.</summary>
public sealed record StepRun(string StdOut, string StdErr)
{
    public string All => StdOut + StdErr;

    /// <summary>The ##vso[task.complete] result; "none" when the task never reported one.</summary>
    public string Result => Regex.Match(All, @"(?m)^##vso\[task\.complete result=(\w+);")
        .Groups[1] is { Success: true } g ? g.Value : "none";

    /// <summary>The value of a variable set for later steps; asserts it is also set as an output variable with the
    /// same value, which is how other jobs read it.</summary>
    public string? Variable(string name)
    {
        var plain = Regex.Matches(StdOut, $@"(?m)^##vso\[task\.setvariable variable={name}\](.*?)\r?$")
            .Select(m => m.Groups[1].Value).ToList();
        var output = Regex.Matches(StdOut, $@"(?m)^##vso\[task\.setvariable variable={name};isOutput=true\](.*?)\r?$")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.True(plain.SequenceEqual(output),
            $"{name}: for this job [{string.Join(", ", plain)}], as output [{string.Join(", ", output)}]");
        Assert.True(plain.Count <= 1, $"{name} set {plain.Count} times");
        return plain.SingleOrDefault();
    }

    /// <summary>Every variable the step set, in the order it set them.</summary>
    public List<string> VariableNames() =>
        Regex.Matches(StdOut, @"(?m)^##vso\[task\.setvariable variable=(\w+)[;\]]").Select(m => m.Groups[1].Value)
            .Distinct().ToList();

    /// <summary>The file named by ##vso[task.uploadsummary], which must exist.</summary>
    public string Summary()
    {
        var m = Regex.Match(StdOut, @"(?m)^##vso\[task\.uploadsummary\](.+?)\r?$");
        Assert.True(m.Success, "no ##vso[task.uploadsummary] in:\n" + All);
        Assert.True(File.Exists(m.Groups[1].Value), $"the summary {m.Groups[1].Value} does not exist");
        return m.Groups[1].Value;
    }

    /// <summary>Lines showing a secret anywhere but in the ##vso[task.setsecret] that registers it with the
    /// agent.</summary>
    public List<string> Leaks(IEnumerable<string> secrets) =>
        All.Split('\n').Where(l => !l.StartsWith("##vso[task.setsecret]", StringComparison.Ordinal) &&
            secrets.Any(s => s.Length > 0 && l.Contains(s, StringComparison.Ordinal))).ToList();

    /// <summary>Any JWT (an access token, an ID token, an OIDC assertion) printed anywhere.</summary>
    public List<string> Jwts() =>
        Regex.Matches(All, @"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.").Select(m => m.Value).ToList();
}

namespace AzSync.Core.Reporting.Outputs;

internal enum OutputMode { Text, Json, GitHub, AzurePipelines }

internal enum Verbosity { Quiet, Normal, Verbose }

internal static class OutputModes
{
    public static OutputMode Resolve(string? requested, Func<string, string?> env)
    {
        return requested?.ToLowerInvariant() switch
        {
            null => env("GITHUB_ACTIONS") == "true" ? OutputMode.GitHub
                : string.Equals(env("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase) ? OutputMode.AzurePipelines
                : OutputMode.Text,
            "text" => OutputMode.Text,
            "json" => OutputMode.Json,
            "github" => OutputMode.GitHub,
            "azure-pipelines" => OutputMode.AzurePipelines,
            _ => throw new UserFacingException(ExitCodes.Usage,
                $"--output '{requested}' is not one of: text, json, github, azure-pipelines."),
        };
    }
}

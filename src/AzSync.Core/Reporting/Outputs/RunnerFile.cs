namespace AzSync.Core.Reporting.Outputs;

/// <summary>
/// Files the CI runner hands us through a variable (outputs, job summary, temp folder). When one cannot be written
/// the variable is named, since the user never typed the path and would not know where it came from.
/// </summary>
internal static class RunnerFile
{
    public static void Write(string variable, string path, Action<string> write)
    {
        try
        {
            write(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException(ExitCodes.Failed, $"Could not write '{path}' (from {variable}): {e.Message}");
        }
    }

    /// <summary>
    /// The first of the variables that is set and not empty (an empty one must not mean the working directory), else
    /// the system's temporary folder.
    /// </summary>
    public static (string Variable, string Path) Folder(Func<string, string?> env, params string[] variables)
    {
        foreach (var variable in variables)
            if (env(variable) is { Length: > 0 } path) return (variable, path);
        return ("the temporary folder", Path.GetTempPath());
    }
}

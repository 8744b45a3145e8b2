namespace AzSync.Core;

/// <summary>Documented in the README and kept stable: scripts and CI steps depend on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Some transfers failed (the others completed), or an unexpected error.</summary>
    public const int Failed = 1;
    /// <summary>The plan has changes; only with <c>plan --detailed-exitcode</c>.</summary>
    public const int Changes = 2;
    public const int AuthFailed = 3;
    /// <summary>The delete guard stopped the run before anything changed.</summary>
    public const int SafetyStop = 4;
    /// <summary>A usage or manifest error, or a destination container or share that does not exist.</summary>
    public const int Usage = 5;
    public const int Cancelled = 130;

    /// <summary>What a store failure means for the run as a whole.</summary>
    public static int For(Stores.StoreErrorKind kind) => kind switch
    {
        Stores.StoreErrorKind.Unauthorized => AuthFailed,
        Stores.StoreErrorKind.InvalidDestination => Usage,
        // Nothing was transferred and the fix is in the command (--create-container), as for a wrong URL.
        Stores.StoreErrorKind.DestinationNotFound => Usage,
        _ => Failed,
    };
}

/// <summary>A failure with a message for the user and the exit code it maps to; never carries a secret.</summary>
/// <param name="formatted">The message already says "error:" where it belongs (manifest diagnostics, which
/// put it after file:line:col), so it is printed as it is.</param>
public sealed class UserFacingException(int exitCode, string message, bool formatted = false) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public bool Formatted { get; } = formatted;
}

namespace AzSync.FilesEmulator;

/// <summary>
/// Azure Files takes no HTTP conditional headers: no Files operation in the data-plane Swagger lists one, and the
/// common error codes name the answer (400 ConditionHeadersNotSupported). The only write precondition is a lease.
/// </summary>
internal static class ConditionHeaders
{
    private static readonly string[] Names = ["If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"];

    public static void Refuse(Req req)
    {
        if (Names.Any(req.Http.Request.Headers.ContainsKey))
            throw new FileError(400, "ConditionHeadersNotSupported", "Condition headers are not supported.");
    }
}

using System.Diagnostics.CodeAnalysis;

namespace AzSync.FilesEmulator;

/// <summary>A service error: thrown by handlers, written as the service's XML error body.</summary>
[SuppressMessage("Naming", "CA1710", Justification = "Named after the service's error body it stands for.")]
public sealed class FileError(int status, string code, string message, string? headerName = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string? HeaderName { get; } = headerName;

    public static FileError ShareNotFound() => new(404, "ShareNotFound", "The specified share does not exist.");
    public static FileError NotFound() => new(404, "ResourceNotFound", "The specified resource does not exist.");
    public static FileError ParentNotFound() => new(404, "ParentNotFound", "The specified parent path does not exist.");
    public static FileError AlreadyExists() =>
        new(409, "ResourceAlreadyExists", "The specified resource already exists.");
    public static FileError BadName() =>
        new(400, "InvalidFileOrDirectoryPathName", "The specifed resource name contains invalid characters.");
    public static FileError MissingHeader(string name) =>
        new(400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified.", name);
    public static FileError InvalidHeader(string name, string why) => new(400, "InvalidHeaderValue", why, name);
    public static FileError AuthFailed(string why) =>
        new(403, "AuthenticationFailed", "Server failed to authenticate the request. " + why);
    public static FileError PermissionMismatch() => new(403, "AuthorizationPermissionMismatch",
        "This request is not authorized to perform this operation using this permission.");
    public static FileError Unsupported(string what) =>
        new(400, "UnsupportedHttpVerb", "The emulator does not implement " + what + ".");
}

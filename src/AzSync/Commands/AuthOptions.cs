using System.CommandLine;
using AzSync.Azure.Identity;

namespace AzSync.Commands;

/// <summary>How `sync`, `plan` and `auth status` pick a credential for an Azure destination (see docs/auth.md):
/// the options, declared once, and the one place that turns them into an <see cref="AuthRequest"/>.</summary>
internal sealed class AuthOptions
{
    public Option<string?> Mode { get; } = new("--auth")
    {
        Description = $"Authentication mode: {string.Join(", ", AuthModes.Names)} (default: AZSYNC_AUTH, else auto).",
    };
    public Option<string?> TenantId { get; } = new("--tenant-id")
    {
        Description = "Entra ID tenant (default: AZURE_TENANT_ID).",
    };
    public Option<string?> ClientId { get; } = new("--client-id")
    {
        Description = "Application or managed identity client id (default: AZURE_CLIENT_ID).",
    };
    public Option<string?> AuthorityHost { get; } = new("--authority-host")
    {
        Description = "Entra ID authority for sovereign clouds, https only (default: AZURE_AUTHORITY_HOST).",
    };
    public Option<string?> ServiceConnectionId { get; } = new("--service-connection-id")
    {
        Description = "Azure Pipelines service connection id (default: AZURESUBSCRIPTION_SERVICE_CONNECTION_ID).",
    };

    public AuthOptions()
    {
        // A misspelt mode is a usage error (exit 5) like any other bad option value, in every command.
        Mode.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: { } value }, ..] && !AuthModes.TryParse(value, out _))
                result.AddError($"--auth '{value}' is not a mode. Valid values: {string.Join(", ", AuthModes.Names)}.");
        });
    }

    public IEnumerable<Option> All => [Mode, TenantId, ClientId, AuthorityHost, ServiceConnectionId];

    /// <summary>The flags as given, over the context's environment and terminal; the destination fills in the
    /// account.</summary>
    public AuthRequest Request(ParseResult parse, AuthCommandContext context)
    {
        AuthMode? mode = parse.GetValue(Mode) is { } name && AuthModes.TryParse(name, out var m) ? m : null;
        return new AuthRequest
        {
            Mode = mode,
            TenantId = parse.GetValue(TenantId),
            ClientId = parse.GetValue(ClientId),
            AuthorityHost = parse.GetValue(AuthorityHost),
            ServiceConnectionId = parse.GetValue(ServiceConnectionId),
            Environment = context.Environment(),
            Transport = context.Transport,
            Prompt = context.Error,
            StdinInteractive = context.StdinInteractive,
            StdoutInteractive = context.StdoutInteractive,
        };
    }
}

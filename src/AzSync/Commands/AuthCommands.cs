using System.CommandLine;
using AzSync.Core;
using AzSync.Core.Run;
using AzSync.Azure.Identity;
using AzSync.Azure.Rest;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AzSync.Commands;

/// <summary>What the auth commands read and write; the defaults are the real process. Tests inject their own.</summary>
internal sealed record AuthCommandContext
{
    public Func<IReadOnlyDictionary<string, string?>> Environment { get; init; } = AuthRequest.ProcessEnvironment;
    public HttpPipelineTransport? Transport { get; init; }
    public TextWriter Out { get; init; } = Console.Out;
    public TextWriter Error { get; init; } = Console.Error;
    public bool StdinInteractive { get; init; } = !Console.IsInputRedirected;
    public bool StdoutInteractive { get; init; } = !Console.IsOutputRedirected;
    public bool StderrInteractive { get; init; } = !Console.IsErrorRedirected;
}

/// <summary>Tries a read on the destination (of the given --destination-type, null when the URL tells) with the
/// credential; null when it works, else the error with the role to grant.</summary>
internal delegate Task<string?> ReadProbe(string destination, string? destinationType, bool allowHttp,
    StorageCredential credential, CancellationToken ct);

/// <summary>`azsync login [status]`, `azsync logout`, `azsync auth status [DESTINATION]`.</summary>
internal static class AuthCommands
{
    private const int NoCredentialExitCode = 3;

    public static IEnumerable<Command> Create(ReadProbe probe) => Create(probe, new AuthCommandContext());

    public static IEnumerable<Command> Create(ReadProbe probe, AuthCommandContext context)
    {
        yield return LoginCommand(context);
        yield return LogoutCommand(context);
        yield return AuthCommand(probe, context);
    }

    private static Command LoginCommand(AuthCommandContext cx)
    {
        var tenant = new Option<string?>("--tenant-id")
        {
            Description = "Entra ID tenant to sign in to (default: AZURE_TENANT_ID, else the account's home tenant).",
        };
        var deviceCode = new Option<bool>("--use-device-code")
        {
            Description = "Sign in with a device code (the only flow; accepted for az/azcopy muscle memory).",
        };
        var unencrypted = new Option<bool>("--allow-unencrypted-cache")
        {
            Description = "When no OS secret store exists (headless Linux), " +
                "keep tokens in an owner-only (0600) file instead.",
        };
        var login = new Command("login",
            "Sign in with a device code; later runs use this sign-in silently (auth mode `login`).");
        login.Options.Add(tenant);
        login.Options.Add(deviceCode);
        login.Options.Add(unencrypted);
        login.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var service = new LoginService(cx.Environment(), cx.Transport, cx.Error);
            try
            {
                var interactive = cx.StdinInteractive || cx.StderrInteractive;
                var request = new LoginRequest(r.GetValue(tenant), null, r.GetValue(unencrypted), interactive);
                var record = await service.LoginAsync(request, ct);
                cx.Error.WriteLine($"Logged in as {record.Username} (tenant {record.TenantId}). " +
                    $"Record: {service.Store.RecordPath}");
                return 0;
            }
            catch (CredentialConfigurationException e)
            {
                cx.Error.WriteLine(e.Message);
                return e.ExitCode;
            }
            catch (global::Azure.Identity.AuthenticationFailedException e)
            {
                cx.Error.WriteLine($"Sign-in failed: {e.Message}");
                return NoCredentialExitCode;
            }
        });

        var status = new Command("status", "Tell whether a usable `azsync login` exists, for whom, and until when.");
        status.SetAction(async (ParseResult _, CancellationToken ct) =>
        {
            try
            {
                var result = await new LoginService(cx.Environment(), cx.Transport).StatusAsync(ct);
                (result.LoggedIn ? cx.Out : cx.Error).WriteLine(result.Message);
                return result.LoggedIn ? 0 : NoCredentialExitCode;
            }
            catch (CredentialConfigurationException e)
            {
                cx.Error.WriteLine(e.Message);
                return e.ExitCode;
            }
        });
        login.Subcommands.Add(status);
        return login;
    }

    private static Command LogoutCommand(AuthCommandContext cx)
    {
        var logout = new Command("logout", "Forget the `azsync login` sign-in (record and unencrypted token cache).");
        logout.SetAction((ParseResult _) =>
        {
            var removed = new LoginService(cx.Environment()).Logout();
            cx.Error.WriteLine(removed.Count == 0
                ? "Not logged in; nothing to remove."
                : "Removed: " + string.Join(", ", removed));
            return 0;
        });
        return logout;
    }

    private static Command AuthCommand(ReadProbe probe, AuthCommandContext cx)
    {
        var destination = new Argument<string?>("DESTINATION")
        {
            Description = "Destination URL to check a read against " +
                "(e.g. https://acct.blob.core.windows.net/container).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var destinationType = SyncOptions.NewDestinationType();
        var allowHttp = new Option<bool>("--allow-http")
        {
            Description = "Allow plain http:// to a host that is not loopback.",
        };
        var authOptions = new AuthOptions();
        var status = new Command("status",
            "Show which credential would be used and why, who it is, and whether it can read DESTINATION.");
        status.Arguments.Add(destination);
        status.Options.Add(destinationType);
        status.Options.Add(allowHttp);
        foreach (var option in authOptions.All) status.Options.Add(option);
        status.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                var dest = r.GetValue(destination);
                var type = r.GetValue(destinationType);
                var http = r.GetValue(allowHttp);
                if (dest is not null) PastedUrl.CheckQuery(dest);
                // The same reading of the URL as sync and plan: one parser, so all three agree on the account.
                var parsed = dest is null ? null : AzSync.Stores.StoreFactory.RequireAzure(dest, type, http);
                var request = authOptions.Request(r, cx) with
                {
                    AccountName = parsed?.AccountName,
                    Service = parsed?.Service ?? StorageService.Blob,
                    SasQuery = parsed?.SasQuery,
                };
                return await StatusAsync(CredentialChooser.Choose(request), dest, type, http, probe, cx, ct);
            }
            catch (NoCredentialException) when (r.GetValue(destination) is null)
            {
                // Without a destination a SAS or key cannot be found at all: the list of what to set would mislead.
                cx.Error.WriteLine("error: auth status needs an Azure destination URL " +
                    "(e.g. https://ACCOUNT.blob.core.windows.net/CONTAINER); " +
                    "without one only token sources can be checked, and none is set up.");
                return ExitCodes.Usage;
            }
            catch (CredentialConfigurationException e)
            {
                cx.Error.WriteLine(e.Message);
                return e.ExitCode;
            }
            catch (UserFacingException e)
            {
                cx.Error.WriteLine($"error: {e.Message}");
                return e.ExitCode;
            }
        });
        var auth = new Command("auth", "Inspect authentication.");
        auth.Subcommands.Add(status);
        return auth;
    }

    private static async Task<int> StatusAsync(CredentialChoice choice, string? destination, string? destinationType,
        bool allowHttp, ReadProbe probe, AuthCommandContext cx, CancellationToken ct)
    {
        var o = cx.Out;
        o.WriteLine($"Credential: {choice.Source} — {choice.Reason}");
        foreach (var s in choice.Skipped) o.WriteLine($"  skipped {s.Source}: {s.Reason}");
        if (choice.TenantId is not null) o.WriteLine($"Tenant:     {choice.TenantId}");
        if (choice.ClientId is not null) o.WriteLine($"Client id:  {choice.ClientId}");
        switch (choice.Credential)
        {
            case StorageCredential.Token t:
                try
                {
                    var context = new TokenRequestContext([CredentialChooser.StorageScope]);
                    var token = await t.Credential.GetTokenAsync(context, ct);
                    var claims = TokenClaims.TryDecode(token.Token);
                    if (claims is not null)
                    {
                        o.WriteLine($"Token for:  {claims.User ?? claims.AppId} " +
                            $"(oid {claims.ObjectId}, appid {claims.AppId}, tenant {claims.TenantId})");
                        o.WriteLine($"Audience:   {claims.Audience}");
                        if (claims.Roles.Count > 0) o.WriteLine($"Roles:      {string.Join(", ", claims.Roles)}");
                    }
                    o.WriteLine($"Expires:    {token.ExpiresOn:u}");
                }
                catch (Exception e) when (e is global::Azure.Identity.AuthenticationFailedException
                    or global::Azure.Identity.CredentialUnavailableException
                    or global::Azure.Identity.AuthenticationRequiredException or InvalidOperationException)
                {
                    cx.Error.WriteLine($"No token from {choice.Source}: {e.Message}");
                    return NoCredentialExitCode;
                }
                break;
            case StorageCredential.Sas sas:
                var q = System.Web.HttpUtility.ParseQueryString(sas.Query);
                o.WriteLine($"SAS:        permissions '{q["sp"]}', expires {q["se"] ?? "(not given)"}");
                break;
            case StorageCredential.SharedKey key:
                o.WriteLine($"Shared Key: account {key.AccountName}");
                break;
        }
        if (choice.BlobEndpoint is not null) o.WriteLine($"Blob endpoint: {choice.BlobEndpoint}");
        if (choice.FileEndpoint is not null) o.WriteLine($"File endpoint: {choice.FileEndpoint}");
        if (destination is null) return 0;
        var problem = await probe(destination, destinationType, allowHttp, choice.Credential, ct);
        if (problem is null)
        {
            o.WriteLine($"Read check: OK ({RedactedUrl(destination)})");
            return 0;
        }
        cx.Error.WriteLine($"Read check failed for {RedactedUrl(destination)}: {problem}");
        return NoCredentialExitCode;
    }

    /// <summary>The destination without its query: a SAS signature must never reach the terminal or CI logs.</summary>
    private static string RedactedUrl(string destination) =>
        Uri.TryCreate(destination, UriKind.Absolute, out var u) && u.Query.Length > 0
            ? u.GetLeftPart(UriPartial.Path) + "?…"
            : destination;
}

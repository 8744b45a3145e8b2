using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AzSync.Testing.FakeIdentity;

/// <summary>One Kestrel process-local server playing Entra ID (token, device code, discovery), an App Service managed
/// identity endpoint (plain http, like App Service), GitHub's OIDC token endpoint and Azure DevOps' OIDC endpoint.
/// Everything it saw is recorded so tests can assert on calls and on what was sent.</summary>
public sealed partial class FakeIdentityServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    public TestCertificates Certificates { get; }
    /// <summary>https://127.0.0.1:port — use as AuthorityHost.</summary>
    public Uri HttpsBase { get; private set; } = null!;
    /// <summary>http://127.0.0.1:port — the managed identity endpoint lives here.</summary>
    public Uri HttpBase { get; private set; } = null!;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan GitHubTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How far the server's clock runs ahead of the machine's: a test moves it forward to make the tokens
    /// it issued expire, instead of sleeping until they do.</summary>
    public TimeSpan ClockAhead { get; set; }
    private long Now => FakeJwt.Now + (long)ClockAhead.TotalSeconds;
    public string[] Roles { get; set; } = [];
    public string GitHubRequestToken { get; set; } = "gh-request-token-" + Guid.NewGuid().ToString("N");
    public string AzureDevOpsSystemToken { get; set; } = "ado-system-token-" + Guid.NewGuid().ToString("N");
    public string IdentityHeader { get; set; } = "identity-header-" + Guid.NewGuid().ToString("N");
    public const string GitHubIssuer = "https://token.actions.githubusercontent.com";
    public const string AzureDevOpsIssuer = "https://vstoken.dev.azure.com/00000000-0000-0000-0000-00000000ado0";
    public const string KubernetesIssuer = "https://oidc.kubernetes.test/cluster";
    public const string ExchangeAudience = "api://AzureADTokenExchange";

    private readonly ConcurrentDictionary<string, string> _clientSecrets = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string> Rejections { get; } = new();
    /// <summary>Every client assertion the token endpoint accepted (federated tokens and certificate JWTs).</summary>
    public ConcurrentQueue<string> AcceptedAssertions { get; } = new();
    /// <summary>Every access token handed out, so a test can show that none of them was ever printed.</summary>
    public ConcurrentQueue<string> IssuedAccessTokens { get; } = new();

    private FakeIdentityServer(WebApplication app, TestCertificates certificates) =>
        (_app, Certificates) = (app, certificates);

    public static async Task<FakeIdentityServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certs = new TestCertificates();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(certs.Server));
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var server = new FakeIdentityServer(app, certs);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses;
        server.HttpsBase = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
        server.HttpBase = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        return server;
    }

    public void AddClientSecret(string clientId, string secret) => _clientSecrets[clientId] = secret;
    public int Count(string what) => _counts.GetValueOrDefault(what);
    private void Bump(string what) => _counts.AddOrUpdate(what, 1, (_, n) => n + 1);

    public Uri GitHubRequestUrl => new(HttpsBase, "github/token?api-version=2.0");
    public Uri AzureDevOpsOidcUri => new(HttpsBase, "ado/oidc");
    public Uri ManagedIdentityEndpoint => new(HttpBase, "msi/token");

    private async Task HandleAsync(HttpContext ctx)
    {
        try { await RouteAsync(ctx); }
        catch (Exception e)
        {
            Rejections.Enqueue($"fake crashed on {ctx.Request.Path}: {e}");
            throw;
        }
    }

    private async Task RouteAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        Requests.Enqueue($"{ctx.Request.Method} {ctx.Request.Scheme} {path}{ctx.Request.QueryString}");
        var segments = path.Trim('/').Split('/');
        if (path == "/github/token") await GitHubAsync(ctx);
        else if (path == "/ado/oidc") await AzureDevOpsAsync(ctx);
        else if (path == "/msi/token") await ManagedIdentityAsync(ctx);
        else if (segments.Length == 4 && segments[1] == "oauth2" && segments[3] == "token")
            await TokenAsync(ctx, segments[0]);
        else if (segments.Length == 4 && segments[1] == "oauth2" && segments[3] == "devicecode")
            await DeviceCodeAsync(ctx, segments[0]);
        else if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
            await DiscoveryAsync(ctx, segments[0]);
        else
        {
            Rejections.Enqueue($"unhandled {ctx.Request.Method} {path}");
            ctx.Response.StatusCode = 404;
        }
    }

    private Task DiscoveryAsync(HttpContext ctx, string tenant)
    {
        Bump("discovery");
        var b = HttpsBase.ToString().TrimEnd('/');
        return Json(ctx, 200, new Dictionary<string, object>
        {
            ["issuer"] = $"{b}/{tenant}/v2.0",
            ["token_endpoint"] = $"{b}/{tenant}/oauth2/v2.0/token",
            ["authorization_endpoint"] = $"{b}/{tenant}/oauth2/v2.0/authorize",
            ["device_authorization_endpoint"] = $"{b}/{tenant}/oauth2/v2.0/devicecode",
            ["jwks_uri"] = $"{b}/{tenant}/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code", "id_token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        });
    }

    private static Task Json(HttpContext ctx, int status, object body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(FakeJwt.Json(body));
    }

    private Task OAuthError(HttpContext ctx, string error, string description, int status = 400)
    {
        Rejections.Enqueue($"{error}: {description}");
        return Json(ctx, status, new { error, error_description = description, error_codes = new[] { 7000000 } });
    }

    private static string? Bearer(HttpContext ctx)
    {
        var h = ctx.Request.Headers.Authorization.ToString();
        return h.StartsWith("Bearer ", StringComparison.Ordinal) ? h["Bearer ".Length..] : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificates.Dispose();
    }
}

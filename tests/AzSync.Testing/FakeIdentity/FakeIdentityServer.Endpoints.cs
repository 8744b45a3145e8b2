using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AzSync.Testing.FakeIdentity;

public sealed partial class FakeIdentityServer
{
    private sealed class PendingDeviceCode
    {
        public required string DeviceCode { get; init; }
        public required string UserCode { get; init; }
        public required string ClientId { get; init; }
        public required string Tenant { get; init; }
        public string? ApprovedUser { get; set; }
    }

    private readonly ConcurrentDictionary<string, PendingDeviceCode> _deviceCodes = new();
    private readonly ConcurrentDictionary<string, (string Tenant, string ClientId, string User)> _refreshTokens = new();
    private readonly TaskCompletionSource<string> _firstUserCode =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    public const string UserObjectId = "11111111-2222-3333-4444-555555555555";

    /// <summary>Completes with the user code of the first device-code request.</summary>
    public Task<string> FirstUserCode => _firstUserCode.Task;

    /// <summary>What the person at the browser would do: approve the code as <paramref name="username"/>.</summary>
    public void ApproveDeviceCode(string userCode, string username)
    {
        var pending = _deviceCodes.Values.Single(p => p.UserCode == userCode);
        pending.ApprovedUser = username;
    }

    public string IssueAccessToken(string tenant, string clientId, string? objectId = null, string? user = null)
    {
        var now = Now;
        var claims = new JsonObject
        {
            ["aud"] = "https://storage.azure.com",
            ["iss"] = $"https://sts.windows.net/{tenant}/",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)AccessTokenLifetime.TotalSeconds,
            ["oid"] = objectId ?? "0b1d0000-0000-0000-0000-"
                + Math.Abs(clientId.GetHashCode()).ToString("D12", CultureInfo.InvariantCulture),
            ["appid"] = clientId,
            ["tid"] = tenant,
            ["sub"] = objectId ?? clientId,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (user is not null) claims["upn"] = user;
        if (Roles.Length > 0) claims["roles"] = new JsonArray(Roles.Select(r => (JsonNode)r).ToArray());
        var token = FakeJwt.Create(claims);
        IssuedAccessTokens.Enqueue(token);
        return token;
    }

    private Task TokenResponse(HttpContext ctx, string tenant, string clientId, string? user = null)
    {
        var body = new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)AccessTokenLifetime.TotalSeconds,
            ["ext_expires_in"] = (long)AccessTokenLifetime.TotalSeconds,
            ["access_token"] = IssueAccessToken(tenant, clientId, user is null ? null : UserObjectId, user),
        };
        if (user is not null)
        {
            var now = Now;
            body["scope"] = "https://storage.azure.com/user_impersonation https://storage.azure.com/.default";
            body["id_token"] = FakeJwt.Create(new JsonObject
            {
                ["aud"] = clientId,
                ["iss"] = $"{HttpsBase.ToString().TrimEnd('/')}/{tenant}/v2.0",
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = now + 3600,
                ["ver"] = "2.0",
                ["oid"] = UserObjectId,
                ["sub"] = UserObjectId,
                ["tid"] = tenant,
                ["preferred_username"] = user,
                ["name"] = user,
            });
            body["client_info"] =
                FakeJwt.B64(Encoding.UTF8.GetBytes(FakeJwt.Json(new { uid = UserObjectId, utid = tenant })));
            var refresh = "rt-" + Guid.NewGuid().ToString("N");
            _refreshTokens[refresh] = (tenant, clientId, user);
            body["refresh_token"] = refresh;
        }
        Bump("token");
        return Json(ctx, 200, body);
    }

    private async Task TokenAsync(HttpContext ctx, string tenant)
    {
        var form = await ctx.Request.ReadFormAsync();
        string? F(string k) => form.TryGetValue(k, out var v) ? v.ToString() : null;
        var grant = F("grant_type");
        var clientId = F("client_id") ?? "";
        Bump("grant:" + grant);
        switch (grant)
        {
            case "client_credentials" when F("client_secret") is { } secret:
                if (!_clientSecrets.TryGetValue(clientId, out var expected) || expected != secret)
                {
                    await OAuthError(ctx, "invalid_client",
                        $"AADSTS7000215: Invalid client secret provided for {clientId}.", 401);
                    return;
                }
                await TokenResponse(ctx, tenant, clientId);
                return;
            case "client_credentials" when F("client_assertion") is { } assertion:
                if (CheckAssertion(assertion, clientId, tenant) is { } problem)
                {
                    await OAuthError(ctx, "invalid_client", problem, 401);
                    return;
                }
                AcceptedAssertions.Enqueue(assertion);
                await TokenResponse(ctx, tenant, clientId);
                return;
            case "urn:ietf:params:oauth:grant-type:device_code" or "device_code":
                var code = F("device_code") ?? "";
                if (!_deviceCodes.TryGetValue(code, out var pending))
                {
                    await OAuthError(ctx, "invalid_grant", "AADSTS70019: unknown device code");
                    return;
                }
                if (pending.ApprovedUser is null)
                {
                    await OAuthError(ctx, "authorization_pending", "AADSTS70016: pending");
                    return;
                }
                _deviceCodes.TryRemove(code, out _);
                await TokenResponse(ctx, tenant, clientId, pending.ApprovedUser);
                return;
            case "refresh_token":
                if (!_refreshTokens.TryGetValue(F("refresh_token") ?? "", out var who))
                {
                    await OAuthError(ctx, "invalid_grant", "AADSTS700082: unknown refresh token");
                    return;
                }
                await TokenResponse(ctx, who.Tenant, who.ClientId, who.User);
                return;
            default:
                await OAuthError(ctx, "unsupported_grant_type", $"grant {grant} without the fields this fake knows");
                return;
        }
    }

    /// <summary>Federated assertions (GitHub, Azure DevOps, Kubernetes) must be for the token exchange audience, from
    /// a known issuer and unexpired; certificate assertions must be issued by the client for this token
    /// endpoint.</summary>
    private string? CheckAssertion(string assertion, string clientId, string tenant)
    {
        JsonObject claims;
        try { claims = FakeJwt.Claims(assertion); }
        catch (Exception e) { return $"AADSTS50027: assertion is not a JWT ({e.GetType().Name})"; }
        var iss = claims["iss"]?.ToString();
        var aud =
            claims["aud"] is JsonArray a ? a.Select(x => x!.ToString()).ToArray() : [claims["aud"]?.ToString() ?? ""];
        // MSAL writes exp of its certificate assertions as a string.
        var exp = long.TryParse(claims["exp"]?.ToString(), out var parsed) ? parsed : 0;
        if (exp <= Now) return $"AADSTS700024: Client assertion is not within its valid time range (exp {exp}).";
        var tokenEndpoint = $"{HttpsBase.ToString().TrimEnd('/')}/{tenant}/oauth2/v2.0/token";
        if (iss == clientId && aud.Any(x => x.TrimEnd('/') == tokenEndpoint)) return null;
        if (!aud.Contains(ExchangeAudience))
            return $"AADSTS700212: assertion audience {string.Join(",", aud)} is not {ExchangeAudience}.";
        if (iss is not (GitHubIssuer or AzureDevOpsIssuer or KubernetesIssuer))
            return $"AADSTS700211: no federated credential for issuer {iss}.";
        return null;
    }

    private async Task DeviceCodeAsync(HttpContext ctx, string tenant)
    {
        var form = await ctx.Request.ReadFormAsync();
        Bump("devicecode");
        var userCode = "FAKE" + Random.Shared.Next(1000, 9999);
        var pending = new PendingDeviceCode
        {
            DeviceCode = "dc-" + Guid.NewGuid().ToString("N"),
            UserCode = userCode,
            ClientId = form["client_id"].ToString(),
            Tenant = tenant,
        };
        _deviceCodes[pending.DeviceCode] = pending;
        _firstUserCode.TrySetResult(userCode);
        var verify = new Uri(HttpsBase, "devicelogin").ToString();
        await Json(ctx, 200, new Dictionary<string, object>
        {
            ["user_code"] = userCode,
            ["device_code"] = pending.DeviceCode,
            ["verification_uri"] = verify,
            ["expires_in"] = 900,
            ["interval"] = 1,
            ["message"] = $"To sign in, use a web browser to open the page {verify} " +
                $"and enter the code {userCode} to authenticate.",
        });
    }

    private Task ManagedIdentityAsync(HttpContext ctx)
    {
        Bump("msi");
        if (ctx.Request.Headers["X-IDENTITY-HEADER"].ToString() != IdentityHeader)
            return OAuthError(ctx, "unauthorized", "X-IDENTITY-HEADER missing or wrong", 401);
        var resource = ctx.Request.Query["resource"].ToString();
        var clientId = ctx.Request.Query["client_id"].ToString();
        if (clientId.Length == 0) clientId = "system-assigned-mi";
        var expires = Now + (long)AccessTokenLifetime.TotalSeconds;
        return Json(ctx, 200, new Dictionary<string, object>
        {
            ["access_token"] = IssueAccessToken("msi-tenant", clientId),
            ["expires_on"] = expires.ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = clientId,
        });
    }

    private Task GitHubAsync(HttpContext ctx)
    {
        if (Bearer(ctx) != GitHubRequestToken) return OAuthError(ctx, "unauthorized", "bad GitHub request token", 401);
        var audience = ctx.Request.Query["audience"].ToString();
        if (audience != ExchangeAudience) return OAuthError(ctx, "bad_audience", $"audience {audience}");
        Bump("github");
        var now = Now;
        return Json(ctx, 200, new Dictionary<string, object>
        {
            ["count"] = 1800,
            ["value"] = FakeJwt.Create(new JsonObject
            {
                ["iss"] = GitHubIssuer,
                ["aud"] = audience,
                ["sub"] = "repo:octo/app:ref:refs/heads/main",
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = now + (long)GitHubTokenLifetime.TotalSeconds,
                ["jti"] = Guid.NewGuid().ToString("N"),
            }),
        });
    }

    private Task AzureDevOpsAsync(HttpContext ctx)
    {
        if (ctx.Request.Method != "POST") return OAuthError(ctx, "method", "POST expected", 405);
        if (Bearer(ctx) != AzureDevOpsSystemToken)
            return OAuthError(ctx, "unauthorized", "bad System.AccessToken", 401);
        var connection = ctx.Request.Query["serviceConnectionId"].ToString();
        if (ctx.Request.Query["api-version"].ToString().Length == 0 || connection.Length == 0)
            return OAuthError(ctx, "bad_request", "api-version and serviceConnectionId are required");
        Bump("ado");
        var now = Now;
        return Json(ctx, 200, new Dictionary<string, object>
        {
            ["oidcToken"] = FakeJwt.Create(new JsonObject
            {
                ["iss"] = AzureDevOpsIssuer,
                ["aud"] = ExchangeAudience,
                ["sub"] = $"sc://org/project/{connection}",
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = now + 600,
            }),
        });
    }
}

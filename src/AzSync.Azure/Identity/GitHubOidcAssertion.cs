using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using AzSync.Azure.Rest;

namespace AzSync.Azure.Identity;

/// <summary>Fetches a GitHub Actions OIDC token for Entra ID's token exchange. Called by
/// ClientAssertionCredential each time it needs a new Entra token: GitHub's tokens live minutes, so a long sync must
/// get a fresh one every time rather than reuse the first (azcopy#2915).</summary>
internal sealed class GitHubOidcAssertion(string requestUrl, string requestToken,
    HttpPipelineTransport? transport = null)
{
    public const string Audience = "api://AzureADTokenExchange";
    private readonly HttpPipeline _pipeline = new(transport ?? HttpClientTransport.Shared);

    public Uri TokenUri()
    {
        var sep = requestUrl.Contains('?') ? "&" : "?";
        return new Uri(requestUrl + sep + "audience=" + Uri.EscapeDataString(Audience));
    }

    public async Task<string> GetAssertionAsync(CancellationToken cancellationToken)
    {
        using var request = _pipeline.CreateRequest();
        request.Method = RequestMethod.Get;
        request.Uri.Reset(TokenUri());
        request.Headers.Add("Authorization", "Bearer " + requestToken);
        request.Headers.Add("Accept", "application/json");
        Response answer;
        try
        {
            answer = await _pipeline.SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (NetworkFailure.From(e) is { } failure)
        {
            throw new CredentialConfigurationException(
                $"ACTIONS_ID_TOKEN_REQUEST_URL: {failure.CannotReach(TokenUri())}.", e);
        }
        using var response = answer;
        if (response.Status != 200)
            throw new CredentialConfigurationException(
                $"GitHub OIDC token request to {TokenUri().GetLeftPart(UriPartial.Path)} failed with HTTP " +
                $"{response.Status}. Give the workflow job `permissions: id-token: write` and check " +
                "ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN.");
        using var doc = await JsonDocument.ParseAsync(response.ContentStream!, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (doc.RootElement.ValueKind != JsonValueKind.Object ||
            !doc.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String ||
            string.IsNullOrEmpty(value.GetString()))
            throw new CredentialConfigurationException("GitHub OIDC token response has no \"value\" string.");
        return value.GetString()!;
    }
}

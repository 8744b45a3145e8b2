using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Identity;
using AzSync.Azure.Rest;

namespace AzSync.Azure.Identity;

/// <summary>A token could not be had; the message names the source and the reason in one line, never a secret.
/// An AuthenticationFailedException still, so whatever already
/// handles Azure.Identity's failures handles this one.</summary>
internal sealed class TokenUnavailableException(string message, Exception inner)
    : AuthenticationFailedException(message, inner);

/// <summary>
/// Wraps every token credential the chooser hands out. Azure.Identity's failures run to paragraphs (retry notices,
/// troubleshooting links) and name neither the azsync source nor the setting to fix, and some arrive as types no
/// caller expects; the user needs "which source, from where, why" in a line.
/// </summary>
/// <param name="authority">Where the token comes from (the Entra
/// authority's host, `az`, the managed identity endpoint).</param>
internal sealed partial class ExplainedCredential(TokenCredential inner, string source,
    string authority) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        try
        {
            return inner.GetToken(requestContext, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not TokenUnavailableException)
        {
            throw new TokenUnavailableException(Explain(e), e);
        }
    }

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext,
        CancellationToken cancellationToken)
    {
        try
        {
            return await inner.GetTokenAsync(requestContext, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not TokenUnavailableException)
        {
            throw new TokenUnavailableException(Explain(e), e);
        }
    }

    private string Explain(Exception e)
    {
        var chain = Chain(e).ToList();
        // Our own checks (a GitHub OIDC URL that does not answer, say) already name the setting to fix.
        if (chain.OfType<CredentialConfigurationException>().FirstOrDefault() is { } ours)
            return $"could not get a token for {source}: {ours.Message}";
        if (NetworkFailure.FindIn(e) is { } network)
            return $"could not get a token for {source} from {authority}: " +
                $"{network.Reason} after {network.Attempts} attempt{(network.Attempts == 1 ? "" : "s")}; " +
                "check the network and the authority host (--authority-host, AZURE_AUTHORITY_HOST).";
        // A file the credential reads (the federated token) is local: no authority was involved.
        if (chain.FirstOrDefault(x => x is IOException or UnauthorizedAccessException) is { } local)
            return $"could not get a token for {source}: {StorageErrors.FirstLine(local.Message)}";
        // The provider's answer (invalid_client, AADSTS7000215: …) says what to fix; it never echoes the secret sent.
        if (chain.OfType<Microsoft.Identity.Client.MsalServiceException>().FirstOrDefault() is { } refused)
            return $"could not get a token for {source} from {authority}: {refused.ErrorCode}: " +
                $"{Short(ProviderText(refused.Message))}";
        return $"could not get a token for {source} from {authority}: {Short(e.Message)}";
    }

    /// <summary>MSAL puts its own generic advice before the provider's
    /// description ("… Original exception: AADSTS…").</summary>
    private static string ProviderText(string message)
    {
        const string marker = "Original exception: ";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? message : message[(at + marker.Length)..];
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }

    /// <summary>The first line, without the credential's class name:
    /// "AADSTS7000215: Invalid client secret provided. …".</summary>
    private static string Short(string message)
    {
        var line = ClassPrefix().Replace(StorageErrors.FirstLine(message), "");
        if (line.Length == 0) line = "no reason given";
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    [GeneratedRegex(@"^\w+Credential authentication (failed|unavailable)[.:]\s*")]
    private static partial Regex ClassPrefix();
}

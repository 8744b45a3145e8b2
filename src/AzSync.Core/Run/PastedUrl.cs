namespace AzSync.Core.Run;

/// <summary>Mistakes a URL picks up on its way from a web page or an XML file into a command line.</summary>
public static class PastedUrl
{
    /// <summary>
    /// HTML and XML write '&amp;' for '&amp;amp;'. A SAS copied from such a page keeps them, and its parameters then
    /// reach the service as 'amp;sp', 'amp;sig': the SAS is there but unusable, and every later message is puzzling.
    /// The URL is not echoed, as its query holds the signature.
    /// </summary>
    public static void CheckQuery(string destination)
    {
        var query = destination.IndexOf('?');
        if (query >= 0 && destination.AsSpan(query).Contains("&amp;", StringComparison.OrdinalIgnoreCase))
            throw new UserFacingException(ExitCodes.Usage,
                "The destination URL's query holds '&amp;' where '&' belongs: it was HTML-escaped on its way here " +
                "(copied from a web page or an XML file). Replace each '&amp;' with '&'.");
    }
}

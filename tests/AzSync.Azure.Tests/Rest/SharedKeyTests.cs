using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using AzSync.Azure.Rest;

namespace AzSync.Azure.Tests.Rest;

public class SharedKeyTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Captures the request instead of sending it.</summary>
    private sealed class CapturingTransport : HttpPipelineTransport
    {
        public Request? Last { get; private set; }
        public override Request CreateRequest() => new HttpClientTransport().CreateRequest();
        public override void Process(HttpMessage message) => throw new NotSupportedException();
        public override ValueTask ProcessAsync(HttpMessage message)
        {
            Last = message.Request;
            message.Response = new EmptyResponse();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class EmptyResponse : Response
    {
        public override int Status => 201;
        public override string ReasonPhrase => "Created";
        public override Stream? ContentStream { get; set; }
        public override string ClientRequestId { get; set; } = "";
        public override void Dispose() { }
        protected override bool ContainsHeader(string name) => false;
        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];
        protected override bool TryGetHeader(string name, out string value) { value = ""; return false; }
        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values) { values = []; return false; }
    }

    [Fact]
    public async Task The_string_to_sign_for_a_put_block_is_exactly_the_documented_one()
    {
        var transport = new CapturingTransport();
        var options = new StorageClientOptions { Transport = transport };
        var pipeline = options.Build(new StorageCredential.SharedKey("devstoreaccount1", Key, "test"));
        var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Put;
        message.Request.Uri.Reset(new Uri("http://127.0.0.1:10000/devstoreaccount1/web"));
        message.Request.Uri.AppendPath("/" + UriPath.EncodePath("dir/a b#c.txt"), escape: false);
        message.Request.Uri.AppendQuery("comp", "block");
        message.Request.Uri.AppendQuery("blockid", "YXpzMQ==");
        message.Request.Headers.SetValue("Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww==");
        message.Request.Headers.SetValue("x-ms-meta-Z", "  spaced ");
        message.Request.Content = RequestContent.Create("hello world"u8.ToArray());
        await pipeline.SendAsync(message, default);

        var request = transport.Last!;
        string H(string name) => request.Headers.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"no {name}");
        // Azure.Core adds a client request id (x-ms-, so signed); everything else here is literal.
        var expected = "PUT\n\n\n11\nXrY7u+Ae7tCTyyK7j1rNww==\n\n\n\n\n\n\n\n" +
                       $"x-ms-client-request-id:{H("x-ms-client-request-id")}\nx-ms-date:{H("x-ms-date")}\nx-ms-meta-z:spaced\n" +
                       $"x-ms-return-client-request-id:{H("x-ms-return-client-request-id")}\nx-ms-version:2025-11-05\n" +
                       "/devstoreaccount1/devstoreaccount1/web/dir/a%20b%23c.txt\nblockid:YXpzMQ==\ncomp:block";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.UTF8.GetBytes(expected)));
        Assert.True(request.Headers.TryGetValue("Authorization", out var authorization));
        Assert.Equal($"SharedKey devstoreaccount1:{signature}", authorization);
    }

    [Fact]
    public void Names_are_encoded_so_that_every_character_round_trips()
    {
        Assert.Equal("a%20b/%23%25%3F%2B%3B/dots..", UriPath.EncodePath("a b/#%?+;/dots.."));
        Assert.Equal("%C3%BC%E6%96%87", UriPath.EncodeSegment("ü文"));
    }

    [Fact]
    public void Redaction_removes_signatures_and_keeps_the_rest()
    {
        var redacted = Redaction.RedactUri("https://a.blob.core.windows.net/c?sv=2025-11-05&sp=rl&sig=SECRET%2Bsig&skoid=abc");
        Assert.DoesNotContain("SECRET", redacted);
        Assert.DoesNotContain("abc", redacted);
        Assert.Contains("sp=rl", redacted);
    }
}

public class DestinationParsingTests
{
    [Theory]
    [InlineData("https://acct.blob.core.windows.net/web/site/v1?sv=x&sig=y", "acct", "web", "site/v1", true)]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/web", "devstoreaccount1", "web", "", false)]
    public void Service_and_emulator_urls_split_into_account_container_and_prefix(string url, string account, string container, string prefix, bool hasSas)
    {
        Assert.True(AzSync.Azure.Blobs.BlobDestination.TryParse(url, false, out var d, out var error), error);
        Assert.Equal((account, container, prefix, hasSas), (d.AccountName, d.Container, d.Prefix, d.SasQuery is not null));
        Assert.DoesNotContain("sig", d.Display);
    }

    [Theory]
    [InlineData("http://example.com/acct/web", "--allow-http")]
    [InlineData("https://acct.blob.core.windows.net/AB", "not a valid container name")]
    [InlineData("https://acct.blob.core.windows.net/a--b", "not a valid container name")]
    [InlineData("https://acct.blob.core.windows.net/", "names no container")]
    public void Bad_urls_say_what_is_wrong(string url, string expected)
    {
        Assert.False(AzSync.Azure.Blobs.BlobDestination.TryParse(url, false, out _, out var error));
        Assert.Contains(expected, error);
    }
}

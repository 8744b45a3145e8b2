using System.Security.Cryptography;

namespace AzSync.Azure.Rest;

/// <summary>
/// Reads another stream through, hashing every byte that passes, so the MD5 a store commits is the MD5 of the
/// bytes it actually read and sent, not of what the file held when it was first hashed.
/// </summary>
internal sealed class Md5ReadStream(Stream inner) : Stream
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    public long BytesRead { get; private set; }

    /// <summary>The MD5 of everything read so far; call once, after the last read.</summary>
    public byte[] Md5() => _md5.GetHashAndReset();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        _md5.AppendData(buffer, offset, n);
        BytesRead += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _md5.AppendData(buffer.Span[..n]);
        BytesRead += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _md5.Dispose(); inner.Dispose(); }
        base.Dispose(disposing);
    }
}

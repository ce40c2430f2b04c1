using System.IO.Compression;

namespace CollabScreen.Sources;

/// <summary>
/// The decompressed bytes of a gzip file, with its kinds of damage told apart. .NET reports both corrupt
/// deflate data and a bad checksum as "unsupported compression method", and a checksum failure throws away the
/// last block it decompressed (the last records). Here corrupt data fails with a message that says so and where;
/// a failure at the very end of the file (the CRC/size trailer) is recovered by decompressing the deflate data
/// again without the check, so every record is kept and <see cref="ChecksumFailed"/> tells the caller to report it.
/// </summary>
internal sealed class GzipInput(FileStream file, string path) : Stream
{
    private Stream _inner = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
    private FileStream? _retry;

    /// <summary>Decompressed bytes handed out so far.</summary>
    public long Total { get; private set; }
    /// <summary>The reader got to the end of the data.</summary>
    public bool Completed { get; private set; }
    /// <summary>The data decompressed completely but the trailer's checksum or size did not match it.</summary>
    public bool ChecksumFailed { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try { n = _inner.Read(buffer); }
        catch (InvalidDataException)
        {
            var at = file.Position;
            if (_retry is null && at >= file.Length && Recover())
            {
                ChecksumFailed = true;
                n = _inner.Read(buffer);
            }
            else throw new InvalidDataException(
                $"the gzip data is corrupt about {at:N0} of {file.Length:N0} compressed bytes in ({Total:N0} bytes decompressed): it cannot be decompressed past that point");
        }
        if (n == 0) Completed = true;
        Total += n;
        return n;
    }

    /// <summary>Decompresses the first member's deflate data again, unchecked, and skips what was already handed out.</summary>
    private bool Recover()
    {
        try
        {
            _retry = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (!SkipHeader(_retry)) return false;
            var deflate = new DeflateStream(_retry, CompressionMode.Decompress, leaveOpen: true);
            var skip = new byte[1 << 16];
            for (var left = Total; left > 0;)
            {
                var r = deflate.Read(skip, 0, (int)Math.Min(skip.Length, left));
                if (r == 0) return false; // a multi-member file: its later members cannot be reached this way
                left -= r;
            }
            _inner.Dispose();
            _inner = deflate;
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException) { return false; }
    }

    /// <summary>Skips a gzip member header (RFC 1952 §2.3): fixed 10 bytes, then optional extra, name, comment, header CRC.</summary>
    private static bool SkipHeader(Stream s)
    {
        Span<byte> head = stackalloc byte[10];
        if (s.ReadAtLeast(head, 10, throwOnEndOfStream: false) < 10 || head[0] != 0x1f || head[1] != 0x8b || head[2] != 8) return false;
        var flags = head[3];
        if ((flags & 4) != 0)
        {
            Span<byte> len = stackalloc byte[2];
            if (s.ReadAtLeast(len, 2, throwOnEndOfStream: false) < 2) return false;
            s.Seek(len[0] | len[1] << 8, SeekOrigin.Current);
        }
        if ((flags & 8) != 0) while (s.ReadByte() is > 0) { }
        if ((flags & 16) != 0) while (s.ReadByte() is > 0) { }
        if ((flags & 2) != 0) s.Seek(2, SeekOrigin.Current);
        return true;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Total; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _inner.Dispose(); _retry?.Dispose(); }
        base.Dispose(disposing);
    }
}

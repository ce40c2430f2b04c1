using System.Text;

namespace CollabScreen.Sources;

/// <summary>
/// Readers work on UTF-8 bytes. A file saved as UTF-16 (Windows "Unicode", with or without a byte-order mark)
/// used to read as zero records or "malformed JSON"; this recognises it from the first bytes and transcodes.
/// </summary>
public static class TextEncoding
{
    /// <summary>The stream as UTF-8 bytes; <paramref name="utf16"/> names the encoding when it was UTF-16 (else null).</summary>
    public static Stream AsUtf8(Stream stream, out string? utf16)
    {
        var head = new byte[4];
        var n = 0;
        while (n < head.Length)
        {
            var r = stream.Read(head, n, head.Length - n);
            if (r == 0) break;
            n += r;
        }
        var prefixed = new PrefixedStream(head.AsMemory(0, n), stream);
        utf16 = Detect(head.AsSpan(0, n), out var encoding);
        return encoding is null ? prefixed : Encoding.CreateTranscodingStream(prefixed, encoding, new UTF8Encoding(false));
    }

    private static string? Detect(ReadOnlySpan<byte> h, out Encoding? encoding)
    {
        encoding = null;
        if (h.Length >= 2 && h[0] == 0xFF && h[1] == 0xFE) { encoding = new UnicodeEncoding(false, true); return "UTF-16 (little-endian, with BOM)"; }
        if (h.Length >= 2 && h[0] == 0xFE && h[1] == 0xFF) { encoding = new UnicodeEncoding(true, true); return "UTF-16 (big-endian, with BOM)"; }
        // Without a BOM: text in these formats starts with ASCII ('{', '[', a letter), so one byte of every two is 0.
        if (h.Length >= 4 && h[0] != 0 && h[1] == 0 && h[2] != 0 && h[3] == 0) { encoding = new UnicodeEncoding(false, false); return "UTF-16 (little-endian, no BOM)"; }
        if (h.Length >= 4 && h[0] == 0 && h[1] != 0 && h[2] == 0 && h[3] != 0) { encoding = new UnicodeEncoding(true, false); return "UTF-16 (big-endian, no BOM)"; }
        return null;
    }

    /// <summary>Gives back the bytes read to sniff a stream, then the rest of it.</summary>
    internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return inner.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

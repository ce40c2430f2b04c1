namespace CollabScreen.Sources;

/// <summary>
/// Splits a byte stream into lines without decoding them: each line is handed out as a slice of one reused
/// buffer, valid until the next call. The buffer grows to fit the longest line (up to <see cref="MaxLine"/>).
/// </summary>
public sealed class LineReader(Stream stream, int bufferSize = 1 << 20)
{
    public const int MaxLine = 256 << 20;

    private byte[] _buffer = new byte[bufferSize];
    private int _start, _end;
    private bool _eof;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>True if the last line returned had no terminating newline (end of input).</summary>
    public bool LastLineUnterminated { get; private set; }

    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = newline > 0 && span[newline - 1] == '\r' ? newline - 1 : newline;
                line = _buffer.AsMemory(_start, length);
                _start += newline + 1;
                LineNumber++;
                LastLineUnterminated = false;
                return true;
            }
            if (_eof)
            {
                if (_end > _start)
                {
                    line = _buffer.AsMemory(_start, _end - _start);
                    _start = _end;
                    LineNumber++;
                    LastLineUnterminated = true;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLine)
                throw new InvalidDataException($"line {LineNumber + 1} is longer than {MaxLine >> 20} MB; is this a JSON Lines file?");
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLine));
        }
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }
}

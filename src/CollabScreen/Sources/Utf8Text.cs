using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace CollabScreen.Sources;

/// <summary>
/// UTF-8 validity checks for readers that hand raw bytes to System.Text.Json: the JSON reader does not validate
/// string contents, and decoding an invalid string later throws an InvalidOperationException that no reader
/// expects. Checking the record first turns one bad byte into a reported, skipped record.
/// </summary>
public static class Utf8Text
{
    /// <summary>0-based offset of the first byte that is not valid UTF-8, or -1 when all of it is valid.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return -1; // vectorised: the common case costs almost nothing
        var index = 0;
        while (index < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed);
            if (status != OperationStatus.Done) return index;
            index += consumed;
        }
        return -1;
    }

    /// <summary>"invalid UTF-8 at byte N" (N 1-based within the record or line), or null when valid.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes)
    {
        var bad = FirstInvalidByte(bytes);
        return bad < 0 ? null : $"invalid UTF-8 at byte {bad + 1} (0x{bytes[bad]:X2}); the line was skipped — is the file in another encoding?";
    }

    /// <summary>For a whole file's bytes: the 1-based line and byte-in-line of the first invalid byte, or null.</summary>
    public static (long Line, int Byte)? FirstInvalidPosition(ReadOnlySpan<byte> bytes)
    {
        var bad = FirstInvalidByte(bytes);
        if (bad < 0) return null;
        var before = bytes[..bad];
        var line = before.Count((byte)'\n') + 1L;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (line, bad - lineStart + 1);
    }
}

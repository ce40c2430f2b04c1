using System.Collections.Concurrent;

namespace CollabScreen.Reporting;

/// <summary>An output path that is also something the command reads (an input, the run database): nothing was opened.</summary>
public sealed class OutputCollisionException(string message) : IOException(message);

/// <summary>
/// Output files that cannot destroy what they are made from: an output equal to an input or to the database is
/// refused before anything is opened, and every output is written to a temporary file beside it that replaces the
/// target only when the command completes (a crash or an error leaves the old file as it was).
/// </summary>
public static class OutputFiles
{
    /// <summary>Throws when an output is the same file as something read (or as another output); names both paths.</summary>
    /// <param name="outputs">(option, path) of each file to be written.</param>
    /// <param name="reads">(option, path) of each file read: inputs, registry, policy, the database.</param>
    /// <exception cref="OutputCollisionException">The message names both options and both paths.</exception>
    public static void RefuseOverwrite(IEnumerable<(string Option, string Path)> outputs, IEnumerable<(string Option, string Path)> reads)
    {
        var seen = reads.Select(r => (r.Option, r.Path, Key: Identity(r.Path))).ToList();
        foreach (var (option, path) in outputs)
        {
            var key = Identity(path);
            foreach (var r in seen)
                if (r.Key == key)
                    throw new OutputCollisionException(
                        $"{option} {path} is the same file as {r.Option} {r.Path}: refusing to overwrite it; choose another output file");
            seen.Add((option, path, key));
        }
    }

    /// <summary>The full path with symbolic links followed, so two spellings of one file compare equal.</summary>
    private static string Identity(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            if (File.Exists(full) && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target) full = target.FullName;
            var dir = Path.GetDirectoryName(full);
            if (dir is not null && Directory.Exists(dir) && Directory.ResolveLinkTarget(dir, returnFinalTarget: true) is { } linked)
                full = Path.Combine(linked.FullName, Path.GetFileName(full));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return full;
    }

    /// <summary>A stream to <paramref name="path"/> that writes a temporary file and renames it over the target when disposed.</summary>
    public static Stream Create(string path) => new PendingFile(path);

    /// <summary>
    /// Marks every output still open as failed: disposing it then deletes the temporary file instead of replacing
    /// the target. Returns false, to be called from an exception filter (which runs before the stack unwinds).
    /// </summary>
    public static bool AbandonOpen()
    {
        foreach (var file in PendingFile.Open.Keys) file.Abandoned = true;
        return false;
    }

    private sealed class PendingFile : Stream
    {
        internal static readonly ConcurrentDictionary<PendingFile, byte> Open = new();
        private readonly string _target;
        private readonly string _temp;
        private readonly FileStream _file;
        internal volatile bool Abandoned;

        public PendingFile(string target)
        {
            _target = Path.GetFullPath(target);
            Directory.CreateDirectory(Path.GetDirectoryName(_target)!);
            _temp = Path.Combine(Path.GetDirectoryName(_target)!, $".{Path.GetFileName(_target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            _file = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            Open[this] = 0;
        }

        public override void Write(byte[] buffer, int offset, int count) => _file.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _file.Write(buffer);
        public override void Flush() => _file.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _file.Length;
        public override long Position { get => _file.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Open.TryRemove(this, out _))
            {
                var keep = !Abandoned;
                try { if (keep) _file.Flush(flushToDisk: true); }
                finally { _file.Dispose(); }
                if (keep) File.Move(_temp, _target, overwrite: true);
                else File.Delete(_temp);
            }
            base.Dispose(disposing);
        }
    }
}

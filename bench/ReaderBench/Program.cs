// Reader throughput: reading and parsing OpenAlex works only (no screening), on the shared 1,000-work sample
// replicated to >= 200 MB, as .jsonl and as .jsonl.gz, beside `zcat FILE > /dev/null` (the decompression
// ceiling) on the same .gz, measured in the same run. Then several files read in parallel.
//   dotnet run -c Release --project bench/ReaderBench [-- SAMPLE.jsonl.gz [TARGET_MB]]
using System.Diagnostics;
using System.IO.Compression;
using CollabScreen.Sources;

var sample = args.Length > 0 ? args[0] : Path.Combine(FindRepo(), "..", "shared", "data", "openalex", "works-sample-2022schema.jsonl.gz");
var targetMb = args.Length > 1 ? int.Parse(args[1]) : 200;
var dir = Directory.CreateTempSubdirectory("collabscreen-bench-").FullName;
try
{
    var one = DecompressToBytes(sample);
    var copies = (int)Math.Ceiling(targetMb * 1e6 / one.Length);
    var plain = Path.Combine(dir, "works.jsonl");
    using (var f = File.Create(plain)) for (var i = 0; i < copies; i++) f.Write(one);
    var gz = plain + ".gz";
    using (var input = File.OpenRead(plain)) using (var output = new GZipStream(File.Create(gz), CompressionLevel.Optimal)) input.CopyTo(output);
    long works = copies * (long)one.AsSpan().Count((byte)'\n');
    var plainMb = new FileInfo(plain).Length / 1e6;
    var gzMb = new FileInfo(gz).Length / 1e6;
    Console.WriteLine($"input: {sample} x{copies} = {works:N0} works, {plainMb:N0} MB JSONL, {gzMb:N0} MB gzip; {Environment.ProcessorCount} cores");

    Read([plain]); // warm-up (JIT)
    var zcat = Time(() => Run("zcat", gz));
    Report("zcat > /dev/null (.gz)", works, plainMb, zcat);
    var tPlain = Time(() => Read([plain]));
    Report("reader, 1 thread (.jsonl)", works, plainMb, tPlain);
    var tGz = Time(() => Read([gz]));
    Report("reader, 1 thread (.jsonl.gz)", works, plainMb, tGz);
    Console.WriteLine($"  .gz reader vs zcat: {zcat / tGz:P0} of the zcat rate");

    // Several files: one reader per file, as many as cores.
    var parts = Enumerable.Range(0, Environment.ProcessorCount).Select(i => Path.Combine(dir, $"part_{i:000}.gz")).ToArray();
    foreach (var p in parts) File.Copy(gz, p);
    var tPar = Time(() => Parallel.ForEach(parts, p => Read([p])));
    Report($"reader, {parts.Length} .gz files in parallel", works * parts.Length, plainMb * parts.Length, tPar);
}
finally { Directory.Delete(dir, true); }

static long Read(string[] paths)
{
    var report = new ReadReport();
    long n = 0;
    foreach (var _ in OpenAlexFiles.Read(paths, report)) n++;
    if (report.HasErrors) throw new InvalidOperationException(report.Summary());
    return n;
}

static double Time(Action action)
{
    var sw = Stopwatch.StartNew();
    action();
    return sw.Elapsed.TotalSeconds;
}

static void Report(string what, long works, double mb, double seconds) =>
    Console.WriteLine($"{what,-36} {seconds,7:N2} s  {works / seconds,10:N0} works/s  {mb / seconds,7:N0} MB/s (uncompressed)");

static void Run(string file, string arg)
{
    var psi = new ProcessStartInfo(file, arg) { RedirectStandardOutput = true };
    using var p = Process.Start(psi)!;
    p.StandardOutput.BaseStream.CopyTo(Stream.Null, 1 << 20);
    p.WaitForExit();
}

static byte[] DecompressToBytes(string gz)
{
    using var ms = new MemoryStream();
    using (var s = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress)) s.CopyTo(ms);
    return ms.ToArray();
}

static string FindRepo()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "CollabScreen.slnx"))) return d.FullName;
    return Directory.GetCurrentDirectory();
}

// Storage throughput: storing, reading back and diffing findings, on SQLite (a temp file) and, when
// COLLABSCREEN_TEST_POSTGRES is set, on PostgreSQL (a temp schema). The findings are the screen command's
// JSONL shape built from the shared 1,000-work sample (every work with its co-author institutions, as
// `screen --all` stores them), replicated with distinct work ids to N. Run B changes 10% of the severities,
// drops 5% and adds 5%, as a list update or a new month of papers would; its flagged findings' institutions
// carry a listing (list "bench-list"), for the filtered query pages timed at the end.
//   dotnet run -c Release --project bench/StorageBench [-- N [SAMPLE.jsonl.gz]]
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CollabScreen.Model;
using CollabScreen.Sources;
using CollabScreen.Storage;
using Npgsql;

var n = args.Length > 0 ? int.Parse(args[0]) : 50_000;
var sample = args.Length > 1 ? args[1] : Path.Combine(FindRepo(), "..", "shared", "data", "openalex", "works-sample-2022schema.jsonl.gz");
var works = OpenAlexFiles.Read([sample], new ReadReport()).ToList();
var docBytes = works.Sum(w => (long)Document(w, w.Id, "none").Length);
Console.WriteLine($"findings: {n:N0} built from {works.Count:N0} works of {Path.GetFileName(sample)} (mean document {docBytes / works.Count:N0} bytes); {Environment.ProcessorCount} cores");

var dir = Directory.CreateTempSubdirectory("collabscreen-storage-bench-").FullName;
try
{
    // STORAGE_BENCH_ONLY=postgres skips SQLite (and =sqlite PostgreSQL).
    var only = Environment.GetEnvironmentVariable("STORAGE_BENCH_ONLY");
    if (only != "postgres") Bench("SQLite", Path.Combine(dir, "bench.db"));
    if (only != "sqlite" && Environment.GetEnvironmentVariable("COLLABSCREEN_TEST_POSTGRES") is { Length: > 0 } cs)
    {
        var schema = "cs_bench_" + Guid.NewGuid().ToString("N")[..12];
        Execute(cs, $"CREATE SCHEMA {schema}");
        try { Bench("PostgreSQL", new NpgsqlConnectionStringBuilder(cs) { SearchPath = schema }.ConnectionString); }
        finally { Execute(cs, $"DROP SCHEMA {schema} CASCADE"); }
    }
    else Console.WriteLine("PostgreSQL: skipped (COLLABSCREEN_TEST_POSTGRES is not set)");
}
finally { Directory.Delete(dir, true); }

void Bench(string name, string db)
{
    using var store = FindingStore.Open(db);
    var a = store.BeginRun("bench", "{}", [sample], "{}").Id;
    var b = store.BeginRun("bench", "{}", [sample], "{}").Id;
    // Built before timing: the store's cost, not the documents' serialisation.
    var runA = Findings(a, n, changed: false).ToList();
    var runB = Findings(b, n, changed: true).ToList();
    var tA = Time(() => store.AddFindings(runA));
    Report(name, "store (AddFindings, one transaction)", n, tA);
    store.AddFindings(runB);
    store.FinishRun(a, n, 0);
    store.FinishRun(b, runB.Count, 0);
    long read = 0;
    var tRead = Time(() => { foreach (var _ in store.FindingsOf(a)) read++; });
    Report(name, "read back (FindingsOf, streamed)", read, tRead);
    RunDiff? diff = null;
    var tDiff = Time(() => diff = store.Diff(a, b));
    Report(name, "diff (merge of two runs)", 2L * n, tDiff);
    Console.WriteLine($"  {"",-10} diff found {diff!.New.Count():N0} new, {diff.Gone.Count():N0} gone, {diff.Changed.Count():N0} changed, {diff.Unchanged:N0} unchanged ({diff.UnflaggedA:N0} + {diff.UnflaggedB:N0} unflagged rows not compared)");

    // Pages of 100 over run B: the time of one page (mean of 20), first page and one half-way in.
    var middle = FindingQuery.CursorAfter(runB.Select(f => f.WorkId).Order(StringComparer.Ordinal).ElementAt(runB.Count / 2));
    var cas = "https://ror.org/034t30j35"; // Chinese Academy of Sciences: on many works of the sample
    foreach (var (what, query) in new (string, FindingQuery)[]
    {
        ("page: no filter", new() { Run = b }),
        ("page: no filter, half-way", new() { Run = b, After = middle }),
        ("page: severity medium", new() { Run = b, Severity = ["medium"] }),
        ("page: severity medium, half-way", new() { Run = b, Severity = ["medium"], After = middle }),
        ("page: list", new() { Run = b, List = "bench-list" }),
        ("page: list, half-way", new() { Run = b, List = "bench-list", After = middle }),
        ("page: institution (ROR)", new() { Run = b, Institution = cas }),
        ("page: severity low + list", new() { Run = b, Severity = ["low"], List = "bench-list" }),
        ("page: text 'graphene'", new() { Run = b, Text = "graphene" }),
        ("page: text, no match", new() { Run = b, Text = "no such words anywhere" }),
        ("page + facets (severity, list)", new() { Run = b, Facets = true }),
    })
    {
        FindingPage? page = null;
        var t = Time(() => { for (var i = 0; i < 20; i++) page = store.QueryFindings(query); }) / 20;
        Console.WriteLine($"{name,-10} {what,-38} {t * 1000,7:N1} ms  {page!.Findings.Count,5} findings{(page.Next is null ? ", last page" : "")}");
    }
}

// Run B: every 20th finding dropped (gone), every 10th with a higher severity (changed), and n/20 new works.
IEnumerable<StoredFinding> Findings(long run, int count, bool changed)
{
    for (var i = 0; i < count; i++)
    {
        if (changed && i % 20 == 7) continue;
        var w = works[i % works.Count];
        var severity = changed && i % 10 == 3 ? "medium" : "none";
        yield return StoredFinding.FromJson(run, Document(w, $"{w.Id}-{i:D7}", severity));
    }
    if (changed)
        for (var i = 0; i < count / 20; i++)
        {
            var w = works[i % works.Count];
            yield return StoredFinding.FromJson(run, Document(w, $"{w.Id}-new{i:D7}", "low"));
        }
}

static string Document(Work w, string id, string severity)
{
    var buffer = new MemoryStream();
    using (var json = new Utf8JsonWriter(buffer))
    {
        json.WriteStartObject();
        json.WriteString("work", id);
        json.WriteString("doi", w.Doi);
        json.WriteString("title", w.Title);
        if (w.Year is int y) json.WriteNumber("year", y); else json.WriteNull("year");
        json.WriteString("severity", severity);
        json.WriteStartArray("rules");
        if (severity != "none") json.WriteStringValue("listed-coauthor");
        json.WriteEndArray();
        json.WriteStartArray("institutions");
        foreach (var a in w.Authorships)
            foreach (var i in a.Institutions)
            {
                json.WriteStartObject();
                json.WriteString("author", a.AuthorName);
                json.WriteString("affiliation", a.RawAffiliations.FirstOrDefault());
                json.WriteString("ror", i.Ror);
                json.WriteString("name", i.Name);
                json.WriteStartArray("listings");
                if (severity != "none") { json.WriteStartObject(); json.WriteString("list", "bench-list"); json.WriteEndObject(); }
                json.WriteEndArray();
                json.WriteString("asserted_by", "source");
                json.WriteEndObject();
            }
        json.WriteEndArray();
        json.WriteStartArray("topics"); json.WriteEndArray();
        json.WriteStartArray("datasets"); json.WriteEndArray();
        json.WriteEndObject();
    }
    return Encoding.UTF8.GetString(buffer.ToArray());
}

static double Time(Action action)
{
    var sw = Stopwatch.StartNew();
    action();
    return sw.Elapsed.TotalSeconds;
}

static void Report(string db, string what, long rows, double seconds) =>
    Console.WriteLine($"{db,-10} {what,-38} {seconds,7:N2} s  {rows / seconds,10:N0} findings/s");

static void Execute(string cs, string sql)
{
    using var c = new NpgsqlConnection(cs);
    c.Open();
    using var cmd = new NpgsqlCommand(sql, c);
    cmd.ExecuteNonQuery();
}

static string FindRepo()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "CollabScreen.slnx"))) return d.FullName;
    throw new DirectoryNotFoundException("repository root (CollabScreen.slnx) not found");
}

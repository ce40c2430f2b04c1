// The review queue at scale (issue 15): a store of N findings (default 100,000), the queue's server time per
// page, and C concurrent reviewers (default 50) on 127.0.0.1 for a bounded time.
//   dotnet run -c Release --project bench/ReviewBench -- FINDINGS.jsonl [--findings 100000] [--clients 50] [--seconds 20]
// FINDINGS.jsonl: real findings, e.g. `collabscreen screen --input …/works-sample-2022schema.jsonl.gz --format jsonl`;
// they are repeated under new work ids (W…-r1, -r2, …) until the store holds N.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CollabScreen.Review;
using CollabScreen.Storage;
using CollabScreen.Web;
using Microsoft.AspNetCore.Builder;

var source = args.FirstOrDefault(a => !a.StartsWith("--")) ?? throw new ArgumentException("usage: ReviewBench FINDINGS.jsonl [--findings N] [--clients C] [--seconds S]");
int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1]) : fallback;
var total = Arg("--findings", 100_000);
var clients = Arg("--clients", 50);
var seconds = Arg("--seconds", 20);

var dir = Directory.CreateTempSubdirectory("collabscreen-reviewbench-").FullName;
var db = Path.Combine(dir, "bench.db");
var real = File.ReadLines(source).Where(l => l.Length > 0).ToList();
var clock = Stopwatch.StartNew();
long runId;
using (var store = FindingStore.Open(db))
{
    var run = store.BeginRun("bench", "{}", [source], "{}");
    runId = run.Id;
    var batch = new List<StoredFinding>(5000);
    for (var i = 0; i < total; i++)
    {
        var doc = JsonNode.Parse(real[i % real.Count])!;
        var copy = i / real.Count;
        doc["work"] = doc["work"]!.GetValue<string>() + (copy == 0 ? "" : $"-r{copy}");
        if (copy > 0 && doc["doi"] is JsonValue d) doc["doi"] = d.GetValue<string>() + $"-r{copy}";
        batch.Add(StoredFinding.FromJson(runId, doc.ToJsonString()));
        if (batch.Count == batch.Capacity) { store.AddFindings(batch); batch.Clear(); }
    }
    store.AddFindings(batch);
    store.FinishRun(runId, total, 0);
    Console.WriteLine($"store: {total:N0} findings in {clock.Elapsed.TotalSeconds:F1} s");
    clock.Restart();
    var sync = new ReviewBook(store).Sync(runId);
    Console.WriteLine($"sync: {sync.New:N0} keys in {clock.Elapsed.TotalSeconds:F1} s");
    var users = new UserDirectory(store);
    users.Add("bench", Role.Reviewer, "bench passphrase");
}

var app = ReviewHost.Build(["--urls", "http://127.0.0.1:0", "--CollabScreen:Db", db, "--Logging:LogLevel:Default", "Warning"]);
await app.StartAsync();
var baseUrl = app.Urls.First();
string token;
using (var store = FindingStore.Open(db)) token = new UserDirectory(store).IssueToken("bench");
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

// Server time per page: first page, a deep page (by following cursors), and filtered pages.
async Task<(double Ms, string? Next)> Page(string query)
{
    var sw = Stopwatch.StartNew();
    var response = await http.GetAsync($"/api/findings?run={runId}&limit=50{query}");
    var body = await response.Content.ReadAsStringAsync();
    sw.Stop();
    response.EnsureSuccessStatusCode();
    var next = JsonNode.Parse(body)!["next"]?.GetValue<string>();
    return (sw.Elapsed.TotalMilliseconds, next);
}
for (var i = 0; i < 5; i++) await Page(""); // warm-up
var cursors = new List<string>();
string? cursor = null;
var pageTimes = new List<double>();
for (var i = 0; i < 200; i++)
{
    var (ms, next) = await Page(cursor is null ? "" : $"&cursor={cursor}");
    pageTimes.Add(ms);
    if (next is null) break;
    cursors.Add(next);
    cursor = next;
}
Report("queue pages 1-200 in order (50 rows)", pageTimes);
Report("severity=low", await Times(20, () => Page("&severity=low")));
Report("status=todo", await Times(20, () => Page("&status=todo")));
Report("text=beihang (scans documents)", await Times(10, () => Page("&q=beihang")));

// Concurrent reviewers: each requests a queue page (random cursor from the first 200 pages) or a finding, for S seconds.
var latencies = new List<double>();
var errors = 0;
var stop = DateTime.UtcNow.AddSeconds(seconds);
var ids = new List<string>();
using (var store = FindingStore.Open(db))
    ids = new ReviewBook(store).Queue(new QueueQuery(runId, Limit: 500)).Rows.Select(r => r.Id).ToList();
await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
{
    var random = new Random(c);
    while (DateTime.UtcNow < stop)
    {
        var url = random.Next(4) == 0
            ? $"/api/findings/{ids[random.Next(ids.Count)]}"
            : $"/api/findings?run={runId}&limit=50&cursor={cursors[random.Next(cursors.Count)]}";
        var sw = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
        }
        catch (HttpRequestException) { Interlocked.Increment(ref errors); }
        lock (latencies) latencies.Add(sw.Elapsed.TotalMilliseconds);
    }
}));
Report($"{clients} concurrent reviewers for {seconds} s ({latencies.Count / (double)seconds:F0} req/s, {errors} errors)", latencies);
await app.StopAsync();
Directory.Delete(dir, recursive: true);

static async Task<List<double>> Times(int n, Func<Task<(double, string?)>> page)
{
    var list = new List<double>();
    for (var i = 0; i < n; i++) list.Add((await page()).Item1);
    return list;
}

static void Report(string what, List<double> ms)
{
    ms.Sort();
    double P(double p) => ms[Math.Min(ms.Count - 1, (int)(p * ms.Count))];
    Console.WriteLine($"{what}: n={ms.Count} median {P(0.5):F1} ms, p95 {P(0.95):F1} ms, max {ms[^1]:F1} ms");
}

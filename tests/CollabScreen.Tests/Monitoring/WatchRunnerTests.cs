using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CollabScreen.Monitoring;
using CollabScreen.Reference.Updates;
using CollabScreen.Storage;
using CollabScreen.Tests.Reference.Updates;

namespace CollabScreen.Tests.Monitoring;

/// <summary>
/// Watches end to end on 127.0.0.1: baseline, new works, a list change re-evaluated from stored evidence, no change,
/// a webhook receiver that is down, two schedulers at once.
/// </summary>
public sealed class WatchRunnerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("collabscreen-watch-").FullName;
    private readonly WebhookReceiver receiver = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        http.Dispose();
        receiver.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private string Db => Path.Combine(dir, "watch.db");
    private string ListsDir => Path.Combine(dir, "lists");

    private WatchRunner Runner(WatchStore store) =>
        new(store, [new WebhookNotifier(http, new RetryPolicy(3, TimeSpan.FromMilliseconds(20)))]);

    private static List<string> SampleLines(int count)
    {
        using var gz = new GZipStream(File.OpenRead(SharedData.Path("openalex/works-sample-2022schema.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var lines = new List<string>();
        while (lines.Count < count && reader.ReadLine() is { } line) if (line.Trim().Length > 0) lines.Add(line);
        return lines;
    }

    private static string IdOf(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Baseline_then_two_new_works_alert_with_exactly_those_then_no_change_sends_nothing()
    {
        var lines = SampleLines(300);
        var input = Path.Combine(dir, "works.jsonl");
        using var store = FindingStore.Open(Db);
        var watches = new WatchStore(store);

        // Which works of the sample are flagged: screen it once under a probe watch.
        File.WriteAllLines(input, lines);
        watches.Add(new Watch("probe", "https://ror.org/00f54p054", [input], []) { ListsDirectory = ListsDir });
        var probe = await Runner(watches).RunAsync("probe");
        var flagged = store.FindingsOf(probe.Run!.Value).Where(f => f.Severity != FindingStore.Unflagged).Select(f => f.WorkId).ToList();
        Assert.True(flagged.Count >= 4, $"the sample's first 300 works hold {flagged.Count} flagged");
        var added = new[] { flagged[1], flagged[^1] };

        File.WriteAllLines(input, lines.Where(l => !added.Contains(IdOf(l))));
        watches.Add(new Watch("w", "https://ror.org/00f54p054", [input], [NotifyTarget.Parse("webhook:" + receiver.Url)]) { ListsDirectory = ListsDir });
        var baseline = await Runner(watches).RunAsync("w");
        Assert.Equal((WatchRunStatus.Finished, "baseline"), (baseline.Status, baseline.Mode));
        Assert.Equal(298, baseline.WorksRead);
        Assert.Empty(receiver.Log); // a baseline is not an alert

        File.WriteAllLines(input, lines);
        var second = await Runner(watches).RunAsync("w");
        Assert.Equal((WatchRunStatus.Finished, "screened"), (second.Status, second.Mode));
        Assert.Equal(added.Order(), second.Diff!.Changes.Select(c => c.Work).Order());
        Assert.All(second.Diff.Changes, c => Assert.Equal(AlertChangeKind.New, c.Kind));
        Assert.Equal(1, second.AlertsDelivered);

        var hit = Assert.Single(receiver.Log);
        using var payload = JsonDocument.Parse(hit.Body);
        Assert.Equal(2, payload.RootElement.GetProperty("counts").GetProperty("new").GetInt32());
        Assert.Equal(added.Order(), payload.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("work").GetString()).Order());
        var watch = watches.Get("w")!;
        Assert.Equal(AlertPayload.Signature(watch.Secret, Encoding.UTF8.GetBytes(hit.Body)), hit.Signature);
        Assert.Equal(AlertPayload.IdempotencyKey("w", baseline.Run!.Value, second.Run!.Value), hit.IdempotencyKey);
        Assert.Equal(hit.IdempotencyKey, payload.RootElement.GetProperty("idempotency_key").GetString());

        // Files unchanged: re-evaluated from stored evidence (nothing read); the same lists give the same findings, so no alert.
        var third = await Runner(watches).RunAsync("w");
        Assert.Equal((WatchRunStatus.Finished, "re-evaluated", 0L), (third.Status, third.Mode, third.WorksRead));
        Assert.True(third.Diff!.IsEmpty, string.Join("; ", third.Diff.Changes.Select(c => $"{c.Kind} {c.Work} {c.SeverityFrom}->{c.SeverityTo}")));
        Assert.Single(receiver.Log);
        var before = store.FindingsOf(second.Run.Value).ToDictionary(f => f.WorkId, f => f.Severity);
        var after = store.FindingsOf(third.Run!.Value).ToDictionary(f => f.WorkId, f => f.Severity);
        Assert.Equal(before, after);
    }

    // ---- The shared 1260H history: Megvii listed 2024-01-31, delisted 2025-01-07 -----------------------------------------

    private const string MegviiWork = """
        {"id": "https://openalex.org/W9000000001", "doi": "https://doi.org/10.9999/watch.1", "title": "Dense object detection with anchor-free heads", "publication_year": 2025, "publication_date": "2025-03-01", "type": "article", "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A9000000001", "display_name": "Author One"}, "institutions": [], "raw_affiliation_strings": ["Megvii Technology, Beijing, China"]}, {"author_position": "last", "author": {"id": "https://openalex.org/A9000000002", "display_name": "Author Two"}, "institutions": [], "raw_affiliation_strings": ["Department of Computer Science, University of Example, Example City"]}]}
        """;

    // Only the fetched 1260H list decides, and only while a listing is in force at publication.
    private const string Policy = """
        {"name": "1260H in force", "rules": [
          {"id": "1260h-in-force", "severity": "high", "description": "A co-author's company is on the current 1260H list at publication.",
           "when": {"listing": {"list": "dod-1260h-current", "timing": ["listed-before-publication", "unknown"]}}}]}
        """;

    /// <summary>Puts the shared 1260H file (or the version before Megvii's delisting) in force through `lists update`.</summary>
    private async Task Update1260h(LocalListServer server, bool delisted)
    {
        var text = File.ReadAllText(SharedData.Path("watchlists/us-dod-1260h.csv"));
        if (!delisted)
        {
            var lines = text.Split('\n');
            var megvii = Array.FindIndex(lines, l => l.StartsWith("\"Beijing Megvii Technology", StringComparison.Ordinal));
            Assert.True(megvii > 0, "Megvii is in the shared 1260H history");
            Assert.Contains(",2024-01-31,2025-01-07,", lines[megvii]);
            lines[megvii] = lines[megvii].Replace(",2024-01-31,2025-01-07,", ",2024-01-31,,");
            text = string.Join('\n', lines);
        }
        server.Serve("os/sanctions.csv", Encoding.UTF8.GetBytes(text));
        var source = ListSources.Resolve([new KeyValuePair<string, IReadOnlyList<Uri>>("dod-1260h-current", [server.Url("os/sanctions.csv")])],
            ["dod-1260h-current"]).Single();
        var r = await new ListUpdater(http, new ListVersions(ListsDir)).UpdateAsync(source, CancellationToken.None);
        Assert.Equal(UpdateStatus.Updated, r.Status);
    }

    private (FindingStore Store, WatchStore Watches) MegviiWatch(string name)
    {
        var input = Path.Combine(dir, "megvii.jsonl");
        File.WriteAllText(input, MegviiWork.Trim() + "\n");
        var policy = Path.Combine(dir, "policy.json");
        File.WriteAllText(policy, Policy);
        var store = FindingStore.Open(Db);
        var watches = new WatchStore(store);
        watches.Add(new Watch(name, "Megvii", [input], [NotifyTarget.Parse("webhook:" + receiver.Url)]) { Policy = policy, ListsDirectory = ListsDir });
        return (store, watches);
    }

    [Fact]
    public async Task A_delisting_de_escalates_a_stored_finding_without_reading_any_work()
    {
        using var server = new LocalListServer();
        await Update1260h(server, delisted: false);
        var (store, watches) = MegviiWatch("megvii");
        using var _ = store;

        var baseline = await Runner(watches).RunAsync("megvii");
        Assert.Equal(WatchRunStatus.Finished, baseline.Status);
        var first = Assert.Single(store.FindingsOf(baseline.Run!.Value));
        Assert.True(first.Severity == "high", first.Json);

        await Update1260h(server, delisted: true);
        var after = await Runner(watches).RunAsync("megvii");
        Assert.Equal((WatchRunStatus.Finished, "re-evaluated", 0L), (after.Status, after.Mode, after.WorksRead));
        var change = Assert.Single(after.Diff!.Changes);
        Assert.Equal((AlertChangeKind.DeEscalated, "high", "none"), (change.Kind, change.SeverityFrom, change.SeverityTo));
        Assert.Equal(["1260h-in-force"], change.RulesRemoved);
        var now = Assert.Single(change.ListingsAdded, l => l.List == "dod-1260h-current");
        Assert.Equal((new DateOnly(2024, 1, 31), new DateOnly(2025, 1, 7), "delisted-before-publication"), (now.Start, now.End, now.Timing));
        var was = Assert.Single(change.ListingsRemoved, l => l.List == "dod-1260h-current");
        Assert.Equal((null, "listed-before-publication"), (was.End, was.Timing));
        Assert.NotEqual(was.ListVersion, now.ListVersion);
        Assert.Contains(after.Diff.ListChanges, l => l.List == "dod-1260h-current");

        var hit = Assert.Single(receiver.Log);
        Assert.Contains("\"de_escalated\":1", hit.Body);
    }

    [Fact]
    public async Task A_receiver_that_is_down_gets_the_alert_on_the_next_run_once()
    {
        using var server = new LocalListServer();
        await Update1260h(server, delisted: false);
        var (store, watches) = MegviiWatch("down");
        using var _ = store;
        await Runner(watches).RunAsync("down");

        await Update1260h(server, delisted: true);
        receiver.Down = true;
        var failed = await Runner(watches).RunAsync("down");
        Assert.Equal((WatchRunStatus.Finished, 0, 1), (failed.Status, failed.AlertsDelivered, failed.AlertsPending));
        Assert.Equal(3, receiver.Log.Count); // retried with backoff within the run
        var pending = Assert.Single(watches.Alerts("down", pendingOnly: true));
        Assert.Equal(3, pending.Attempts);
        Assert.Contains("503", pending.LastError);

        receiver.Down = false;
        var next = await Runner(watches).RunAsync("down");
        Assert.True(next.Diff!.IsEmpty); // nothing new: only the old alert goes out
        Assert.Equal(1, next.AlertsDelivered);
        var delivered = Assert.Single(receiver.Accepted);
        Assert.Equal(AlertPayload.IdempotencyKey("down", failed.PreviousRun!.Value, failed.Run!.Value), delivered.IdempotencyKey);

        var last = await Runner(watches).RunAsync("down");
        Assert.Equal((0, 0), (last.AlertsDelivered, last.AlertsPending));
        Assert.Single(receiver.Accepted);
        Assert.Equal("delivered", Assert.Single(watches.Alerts("down")).Status);
    }

    [Fact]
    public async Task Two_schedulers_started_at_once_run_a_due_watch_once()
    {
        using var server = new LocalListServer();
        await Update1260h(server, delisted: false); // the policy names the fetched list: it must be there
        var (store, watches) = MegviiWatch("sched");
        using var _ = store;
        using (var s = FindingStore.Open(Db)) { } // the schema exists before both start
        var starts = new TaskCompletionSource();
        async Task<IReadOnlyList<WatchRunResult>> Scheduler()
        {
            using var own = FindingStore.Open(Db); // each scheduler its own store, as two processes would
            var ws = new WatchStore(own);
            await starts.Task;
            return await new WatchScheduler(ws, Runner(ws)).RunDueAsync(DateTimeOffset.UtcNow);
        }
        // Schedule it: a watch with a schedule and no next_due is due now.
        using (var c = FindingStore.Connect(store.Location))
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE watches SET schedule = '0 6 * * *' WHERE name = 'sched'";
            cmd.ExecuteNonQuery();
        }
        var a = Scheduler();
        var b = Scheduler();
        starts.SetResult();
        var results = (await Task.WhenAll(a, b)).SelectMany(r => r).ToList();
        Assert.Single(results, r => r.Status == WatchRunStatus.Finished);
        Assert.Single(watches.Runs("sched"));
        var w = watches.Get("sched")!;
        Assert.NotNull(w.NextDue);
        Assert.True(w.NextDue > DateTimeOffset.UtcNow && w.NextDue.Value.Hour == 6, $"next due {w.NextDue}");
        // Not due again until then.
        Assert.Empty(await new WatchScheduler(watches, Runner(watches)).RunDueAsync(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_held_lock_keeps_a_second_runner_out_and_a_failed_run_keeps_the_last_success()
    {
        using var server = new LocalListServer();
        await Update1260h(server, delisted: false); // the policy names the fetched list: it must be there
        var (store, watches) = MegviiWatch("faults");
        using var _ = store;
        Assert.True(watches.TryLock("faults", "someone-else", TimeSpan.FromMinutes(5)));
        var locked = await Runner(watches).RunAsync("faults");
        Assert.Equal(WatchRunStatus.Locked, locked.Status);
        Assert.Empty(watches.Runs("faults"));
        watches.Unlock("faults", "someone-else");

        var baseline = await Runner(watches).RunAsync("faults");
        var input = watches.Get("faults")!.Inputs[0];
        File.Move(input, input + ".away");
        var failed = await Runner(watches).RunAsync("faults");
        Assert.Equal(WatchRunStatus.Failed, failed.Status);
        Assert.Contains("megvii.jsonl", failed.Message);
        Assert.Equal("failed", watches.Runs("faults")[^1].Status);
        Assert.Equal(baseline.Run, watches.Get("faults")!.LastSuccessRun);

        File.Move(input + ".away", input);
        var resumed = await Runner(watches).RunAsync("faults");
        Assert.Equal((WatchRunStatus.Finished, baseline.Run), (resumed.Status, resumed.PreviousRun));
        Assert.True(resumed.Diff!.IsEmpty);
    }
}

using System.Data.Common;
using System.Text.Json;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Storage;

/// <summary>The contract's run statuses, filtered keyset queries, diff rules and concurrent writers.</summary>
public abstract partial class FindingStoreContract
{
    private static readonly DateTimeOffset Tuesday = new(2026, 11, 3, 14, 0, 0, TimeSpan.Zero);

    // ---- Run status -----------------------------------------------------------------------------------

    [StoreFact]
    public void A_run_is_running_until_it_ends_finished_failed_or_cancelled_and_it_ends_once()
    {
        using var store = Open();
        var run = store.BeginRun("screen", "{}", [], "{}", Tuesday);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(RunStatus.Running, store.GetRun(run.Id)!.Status);

        var failed = store.EndRun(run.Id, RunStatus.Failed, worksRead: 120, worksSkipped: 2, message: "works.jsonl:121: invalid UTF-8", ended: Tuesday.AddMinutes(1));
        Assert.Equal((RunStatus.Failed, "works.jsonl:121: invalid UTF-8"), (failed.Status, failed.StatusMessage));
        Assert.Equal((Tuesday.AddMinutes(1), 120L, 2L), (failed.Finished!.Value, failed.WorksRead!.Value, failed.WorksSkipped!.Value));
        var again = Assert.Throws<StorageException>(() => store.FinishRun(run.Id, 1, 0));
        Assert.Contains($"run {run.Id} has already ended (failed)", again.Message);
        Assert.Equal(StorageProblem.Run, again.Problem);
        Assert.Equal(RunStatus.Failed, store.GetRun(run.Id)!.Status);

        var cancelled = store.EndRun(store.BeginRun("screen", "{}", [], "{}").Id, RunStatus.Cancelled, 10, 0, "cancelled by the user");
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        var finished = store.FinishRun(store.BeginRun("screen", "{}", [], "{}").Id, 1000, 0);
        Assert.Equal((RunStatus.Finished, (string?)null), (finished.Status, finished.StatusMessage));
        Assert.Throws<ArgumentException>(() => store.EndRun(store.BeginRun("screen", "{}", [], "{}").Id, RunStatus.Running));
        Assert.Equal([RunStatus.Failed, RunStatus.Cancelled, RunStatus.Finished, RunStatus.Running], store.ListRuns().Select(r => r.Status));
    }

    [StoreFact]
    public void Latest_and_previous_are_finished_runs_only_while_a_number_names_any_run()
    {
        using var store = Open();
        long Run(RunStatus? end)
        {
            var id = store.BeginRun("screen", "{}", [], "{}").Id;
            if (end is { } status) store.EndRun(id, status, 10, 0, status == RunStatus.Finished ? null : "stopped");
            return id;
        }
        var oldest = Run(RunStatus.Finished);
        var crashed = Run(RunStatus.Failed);
        var newest = Run(RunStatus.Finished);
        var cancelled = Run(RunStatus.Cancelled);
        var running = Run(null);

        Assert.Equal(newest, store.ResolveRun("latest").Id);
        Assert.Equal(oldest, store.ResolveRun("previous").Id);
        Assert.Equal(newest, store.LatestFinished()!.Id);
        Assert.Null(store.LatestFinished(3));
        Assert.Equal(RunStatus.Failed, store.ResolveRun(crashed.ToString()).Status);
        Assert.Equal(cancelled, store.ResolveRun($"#{cancelled}").Id);
        Assert.Equal(running, store.ResolveRun($" {running} ").Id);
        Assert.Throws<FormatException>(() => store.ResolveRun("last-tuesday"));
        var missing = Assert.Throws<StorageException>(() => store.ResolveRun("999"));
        Assert.Contains($"no run 999 in {store.Location.Description}; its runs are {oldest}–{running}", missing.Message);
        Assert.DoesNotContain("--", missing.Message); // the CLI adds its own advice
    }

    [StoreFact]
    public void With_no_finished_run_there_is_no_latest_and_the_message_says_what_there_is()
    {
        using var store = Open();
        store.EndRun(store.BeginRun("screen", "{}", [], "{}").Id, RunStatus.Failed, message: "disk full");
        store.BeginRun("screen", "{}", [], "{}");
        var e = Assert.Throws<StorageException>(() => store.ResolveRun("latest"));
        Assert.Contains("there is no latest run", e.Message);
        Assert.Contains("holds 0 finished runs (and 1 running, 1 failed, which are never latest or previous)", e.Message);
    }

    [StoreFact]
    public void A_diff_after_a_crash_is_refused_instead_of_reporting_every_finding_gone()
    {
        using var store = Open();
        var complete = store.BeginRun("screen", "{}", ["sample"], SampleFindings.Lists2023);
        store.AddFindings(SampleFindings.Works.Select(w => SampleFindings.For(complete.Id, w, withAspi: true)!));
        store.FinishRun(complete.Id, 1000, 0);
        var crashed = store.BeginRun("screen", "{}", ["sample"], SampleFindings.Lists2023);
        store.AddFindings(SampleFindings.Works.Take(3).Select(w => SampleFindings.For(crashed.Id, w, withAspi: true)!));
        // killed here: the run stays running, with 3 of its 13 findings

        Assert.Equal(complete.Id, store.ResolveRun("latest").Id);
        Assert.Throws<StorageException>(() => store.ResolveRun("previous"));
        var e = Assert.Throws<StorageException>(() => store.Diff(complete.Id, crashed.Id));
        Assert.Contains($"run {crashed.Id} is running", e.Message);
        Assert.Contains("finished runs only", e.Message);
        store.EndRun(crashed.Id, RunStatus.Failed, 300, 0, "killed");
        e = Assert.Throws<StorageException>(() => store.Diff(crashed.Id, complete.Id));
        Assert.Contains($"run {crashed.Id} is failed (killed)", e.Message);
    }

    // ---- Diff rules -----------------------------------------------------------------------------------

    [StoreFact]
    public void Unflagged_rows_of_an_all_run_are_counted_never_new_and_the_option_change_is_named()
    {
        using var store = Open();
        var plain = store.BeginRun("screen", """{"all":false,"format":"jsonl","policy":"data/policies/default.json"}""", ["sample"], "{}");
        var flagged = ScreenedSample.Flagged(plain.Id);
        store.AddFindings(flagged);
        store.FinishRun(plain.Id, 1007, 0);
        var all = store.BeginRun("screen --all", """{"all":true,"format":"html","policy":"data/policies/default.json"}""", ["sample"], "{}");
        var everything = ScreenedSample.All(all.Id);
        store.AddFindings(everything);
        store.FinishRun(all.Id, 1007, 0);

        var diff = store.Diff(plain.Id, all.Id);
        Assert.Empty(diff.Changes);
        Assert.Equal(flagged.Count, diff.Unchanged);
        Assert.True(flagged.Count >= 110, $"{flagged.Count} flagged");
        Assert.Equal((0L, (long)(everything.Count - flagged.Count)), (diff.UnflaggedA, diff.UnflaggedB));
        Assert.True(diff.UnflaggedB >= 890, $"{diff.UnflaggedB} unflagged");
        Assert.Equal(["all false → true"], diff.OptionChanges); // format only shapes the output
        Assert.Null(diff.PolicyChange);
    }

    [StoreFact]
    public void A_diff_names_the_policy_and_the_options_that_differ()
    {
        using var store = Open();
        var a = store.BeginRun("screen", """{"policy":"data/policies/default.json","institution":null,"registry":"ror.json.gz","output":"a.jsonl"}""", [], "{}");
        store.FinishRun(a.Id, 0, 0);
        var b = store.BeginRun("screen", """{"policy":"strict.json","institution":"Example University","output":"b.jsonl"}""", [], "{}");
        store.FinishRun(b.Id, 0, 0);
        var diff = store.Diff(a.Id, b.Id);
        Assert.Equal(["+institution Example University", "policy data/policies/default.json → strict.json", "−registry ror.json.gz"], diff.OptionChanges);
        Assert.Equal("policy data/policies/default.json → strict.json", diff.PolicyChange);
        Assert.Empty(store.Diff(a.Id, a.Id).OptionChanges);
    }

    // ---- Queries --------------------------------------------------------------------------------------

    private (FindingStore Store, long Run, IReadOnlyList<StoredFinding> Stored) ScreenedRun()
    {
        var store = Open();
        var run = store.BeginRun("screen --all", "{}", ["works-sample-2022schema.jsonl.gz"], "{}");
        var all = ScreenedSample.All(run.Id);
        Assert.Equal(all.Count, store.AddFindings(all));
        store.FinishRun(run.Id, all.Count, 0);
        return (store, run.Id, all);
    }

    /// <summary>Every page of a query, walked with its cursors.</summary>
    private static List<StoredFinding> AllPages(FindingStore store, FindingQuery query)
    {
        var found = new List<StoredFinding>();
        var pages = 0;
        for (string? cursor = null; ; )
        {
            var page = store.QueryFindings(query with { After = cursor });
            Assert.True(page.Findings.Count <= query.Limit);
            found.AddRange(page.Findings);
            Assert.True(++pages < 10_000);
            if (page.Next is null) return found;
            Assert.Equal(query.Limit, page.Findings.Count); // only the last page is short
            cursor = page.Next;
        }
    }

    // The oracle: the documents themselves, read with System.Text.Json.
    private static IEnumerable<string> Values(StoredFinding f, string array, string? inner, string property)
    {
        using var doc = JsonDocument.Parse(f.Json);
        if (!doc.RootElement.TryGetProperty(array, out var items)) yield break;
        foreach (var item in items.EnumerateArray().ToList())
        {
            if (inner is null) { if (item.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String) yield return v.GetString()!; continue; }
            foreach (var x in item.GetProperty(inner).EnumerateArray().ToList())
                if (x.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String) yield return v.GetString()!;
        }
    }

    private static List<string> Works(IEnumerable<StoredFinding> findings) => findings.Select(f => f.WorkId).Order(StringComparer.Ordinal).ToList();

    [StoreFact]
    public void Queries_filter_the_screened_sample_by_severity_list_institution_topic_dataset_and_text()
    {
        var (store, run, stored) = ScreenedRun();
        using var _ = store;
        List<string> Query(FindingQuery q) => AllPages(store, q).Select(f => f.WorkId).ToList();

        // The default policy puts the sample's designated and military co-authors at high (docs/accuracy.md, Severity).
        var high = Works(stored.Where(f => f.Severity == "high"));
        Assert.True(high.Count >= 50, $"{high.Count} high");
        Assert.Equal(high, Query(new FindingQuery { Run = run, Severity = ["high"], Limit = 25 }));
        Assert.Equal(Works(stored.Where(f => f.Severity is "high" or "low")), Query(new FindingQuery { Run = run, Severity = ["low", "high"], Limit = 50 }));

        var ndaa = Works(stored.Where(f => Values(f, "institutions", "listings", "list").Contains("ndaa-1286")));
        Assert.True(ndaa.Count > 50, $"{ndaa.Count} on ndaa-1286");
        Assert.Equal(ndaa, Query(new FindingQuery { Run = run, List = "ndaa-1286", Limit = 17 }));
        var comac = Assert.Single(Query(new FindingQuery { Run = run, List = "dod-1260h" }));
        Assert.Equal("https://openalex.org/W3195782554", comac); // Commercial Aircraft Corporation of China, on the 1260H list

        var fudanRor = Works(stored.Where(f => Values(f, "institutions", null, "ror").Contains("https://ror.org/013q1eq08")));
        Assert.True(fudanRor.Count >= 5, $"{fudanRor.Count} with Fudan");
        Assert.Equal(fudanRor, Query(new FindingQuery { Run = run, Institution = "https://ror.org/013q1eq08" }));
        Assert.Equal(fudanRor, Query(new FindingQuery { Run = run, Institution = "Fudan University" }));
        Assert.Empty(Query(new FindingQuery { Run = run, Institution = "fudan university" })); // exact; Text is the fuzzy one

        Assert.Equal(["https://openalex.org/W3142882742"], Query(new FindingQuery { Run = run, Topic = "face-recognition" }));
        var reid = Works(stored.Where(f => Values(f, "topics", null, "topic").Contains("person-reidentification")));
        Assert.Equal(3, reid.Count);
        Assert.Equal(reid, Query(new FindingQuery { Run = run, Topic = "person-reidentification" }));
        var duke = Assert.Single(Query(new FindingQuery { Run = run, Dataset = "dukemtmc" }));
        Assert.Contains(duke, reid);

        // Text: title, DOI, work id or institution, any case (ASCII), wildcards taken literally.
        var titled = Works(stored.Where(f => f.Title?.Contains("re-identification", StringComparison.OrdinalIgnoreCase) == true));
        Assert.Equal(titled, Query(new FindingQuery { Run = run, Text = "RE-IDENTIFICATION" }));
        var harbin = Works(stored.Where(f => f.Title?.Contains("harbin", StringComparison.OrdinalIgnoreCase) == true
            || Values(f, "institutions", null, "name").Any(n => n.Contains("Harbin", StringComparison.OrdinalIgnoreCase))));
        Assert.True(harbin.Count >= 5, $"{harbin.Count} with Harbin");
        Assert.Equal(harbin, Query(new FindingQuery { Run = run, Text = "harbin" }));
        Assert.Equal(["https://openalex.org/W3195782554"], Query(new FindingQuery { Run = run, Text = "W3195782554" }));
        Assert.Empty(Query(new FindingQuery { Run = run, Text = "re_identification" }));
        var percent = Works(stored.Where(f => f.Title?.Contains('%') == true)); // "over 17%": a literal %, not a wildcard
        Assert.Equal(2, percent.Count);
        Assert.Equal(percent, Query(new FindingQuery { Run = run, Text = "%" }));

        // Filters combine with AND.
        bool AtFudan(StoredFinding f) => Values(f, "institutions", "listings", "list").Contains("aspi-cdut")
            && Values(f, "institutions", null, "name").Contains("Fudan University");
        var level = stored.First(AtFudan).Severity; // whatever the policy makes of it: the filters must agree
        var both = Works(stored.Where(f => f.Severity == level && AtFudan(f)));
        Assert.NotEmpty(both);
        Assert.Equal(both, Query(new FindingQuery { Run = run, Severity = [level], List = "aspi-cdut", Institution = "Fudan University", Limit = 3 }));
        Assert.Empty(Query(new FindingQuery { Run = run + 1000, Severity = [level] }));
    }

    [StoreFact]
    public void Facets_count_every_match_by_severity_and_list_whatever_the_page()
    {
        var (store, run, stored) = ScreenedRun();
        using var _ = store;
        var page = store.QueryFindings(new FindingQuery { Run = run, Limit = 5, Facets = true });
        Assert.Equal(5, page.Findings.Count);
        var expected = stored.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.OrderBy(p => p.Key), page.BySeverity!.OrderBy(p => p.Key));
        var lists = stored.SelectMany(f => Values(f, "institutions", "listings", "list").Distinct()).GroupBy(l => l)
            .ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(lists.OrderBy(p => p.Key), page.ByList!.OrderBy(p => p.Key));

        var later = store.QueryFindings(new FindingQuery { Run = run, List = "ndaa-1286", Limit = 5, Facets = true, After = page.Next });
        var onNdaa = stored.Where(f => Values(f, "institutions", "listings", "list").Contains("ndaa-1286")).ToList();
        Assert.Equal(onNdaa.Count, later.BySeverity!.Values.Sum());
        Assert.Equal(onNdaa.Count, later.ByList!["ndaa-1286"]);
        Assert.Null(store.QueryFindings(new FindingQuery { Run = run, Limit = 5 }).BySeverity);
    }

    [StoreFact]
    public void Keyset_pages_walk_every_finding_once_in_work_order_and_a_bad_cursor_or_limit_is_refused()
    {
        var (store, run, stored) = ScreenedRun();
        using var _ = store;
        var walked = AllPages(store, new FindingQuery { Run = run, Limit = 97 });
        Assert.Equal(Works(stored), walked.Select(f => f.WorkId));
        Assert.Equal(stored.ToDictionary(f => f.WorkId, f => f.Json), walked.ToDictionary(f => f.WorkId, f => f.Json));
        var last = store.QueryFindings(new FindingQuery { Run = run, After = FindingQuery.CursorAfter(walked[^1].WorkId) });
        Assert.Empty(last.Findings);
        Assert.Null(last.Next);
        var exact = store.QueryFindings(new FindingQuery { Run = run, Limit = stored.Count });
        Assert.Null(exact.Next); // a last page that is exactly full has no next page

        Assert.Throws<ArgumentException>(() => store.QueryFindings(new FindingQuery { Run = run, After = "not*base64!" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.QueryFindings(new FindingQuery { Run = run, Limit = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.QueryFindings(new FindingQuery { Run = run, Limit = FindingQuery.MaxLimit + 1 }));
    }

    [StoreFact]
    public void An_ignored_second_finding_for_a_work_adds_none_of_its_terms()
    {
        using var store = Open();
        var run = store.BeginRun("screen", "{}", [], "{}");
        var work = SampleFindings.Works.First(w => SampleFindings.Partners(w).Contains("Beihang University"));
        var first = SampleFindings.For(run.Id, work, withAspi: false)!;
        var again = SampleFindings.For(run.Id, work, withAspi: true)!;
        Assert.Equal(1, store.AddFindings([first, again]));
        Assert.Equal(1, store.AddFindings([SampleFindings.For(run.Id, SampleFindings.Works.First(w => w != work), withAspi: false)!, again]));
        Assert.Single(store.QueryFindings(new FindingQuery { Run = run.Id, List = "us-ndaa-1286" }).Findings.Where(f => f.WorkId == work.Id));
        Assert.Empty(store.QueryFindings(new FindingQuery { Run = run.Id, List = "aspi-china-defence-universities" }).Findings);
    }

    [StoreFact]
    public void A_database_at_schema_version_2_gets_run_statuses_and_the_terms_of_its_stored_findings()
    {
        var location = StoreLocation.Parse(Db);
        using (var v2 = FindingStore.Open(location, create: true, migrateTo: 2))
            Assert.Equal(2, v2.SchemaVersion);
        var documents = ScreenedSample.All(0);
        long done, crashed;
        using (var connection = FindingStore.Connect(location))
        {
            done = OldRun(connection, location.Dialect, finished: true);
            crashed = OldRun(connection, location.Dialect, finished: false);
            using var tx = connection.BeginTransaction();
            foreach (var f in documents) OldFinding(connection, tx, location.Dialect, done, f);
            tx.Commit();
        }

        using var store = Open();
        Assert.Equal(Migrations.Latest(StoreDialect.Sqlite), store.SchemaVersion);
        Assert.Equal(RunStatus.Finished, store.GetRun(done)!.Status);
        Assert.Equal(RunStatus.Failed, store.GetRun(crashed)!.Status); // no end time: it was interrupted
        Assert.Equal(done, store.ResolveRun("latest").Id);

        // The migration's terms (from SQL over the documents) equal what storing them now extracts.
        var fresh = store.BeginRun("screen", "{}", [], "{}");
        store.AddFindings(documents.Select(f => f with { RunId = fresh.Id }));
        store.FinishRun(fresh.Id, documents.Count, 0);
        var queries = new FindingQuery[]
        {
            new() { Run = 0, List = "ndaa-1286" }, new() { Run = 0, List = "aspi-cdut" }, new() { Run = 0, List = "dod-1260h" },
            new() { Run = 0, Institution = "https://ror.org/013q1eq08" }, new() { Run = 0, Institution = "Chinese Academy of Sciences" },
            new() { Run = 0, Topic = "face-recognition" }, new() { Run = 0, Topic = "person-reidentification" },
            new() { Run = 0, Dataset = "dukemtmc" }, new() { Run = 0, Text = "harbin" },
        };
        foreach (var q in queries)
        {
            var migrated = AllPages(store, q with { Run = done, Limit = 1000 }).Select(f => f.WorkId).ToList();
            var stored = AllPages(store, q with { Run = fresh.Id, Limit = 1000 }).Select(f => f.WorkId).ToList();
            Assert.NotEmpty(stored);
            Assert.Equal(stored, migrated);
        }
        var facets = store.QueryFindings(new FindingQuery { Run = done, Facets = true });
        Assert.Equal(store.QueryFindings(new FindingQuery { Run = fresh.Id, Facets = true }).ByList, facets.ByList);
    }

    private static long OldRun(DbConnection connection, StoreDialect dialect, bool finished)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO runs (started, finished, command, tool_version) VALUES (@s, @f, 'screen --old', '0.9') RETURNING id";
        CollabScreen.Storage.Db.AddTime(command, dialect, "s", Tuesday);
        CollabScreen.Storage.Db.AddTime(command, dialect, "f", finished ? Tuesday.AddMinutes(3) : null);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static void OldFinding(DbConnection connection, DbTransaction tx, StoreDialect dialect, long run, StoredFinding f)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO findings (run_id, work_id, title, severity, rules, document) VALUES (@r, @w, @t, @s, @rules, @d)";
        CollabScreen.Storage.Db.Add(command, "r", run);
        CollabScreen.Storage.Db.Add(command, "w", f.WorkId);
        CollabScreen.Storage.Db.Add(command, "t", f.Title);
        CollabScreen.Storage.Db.Add(command, "s", f.Severity);
        CollabScreen.Storage.Db.AddJson(command, dialect, "rules", JsonSerializer.Serialize(f.Rules));
        CollabScreen.Storage.Db.AddJson(command, dialect, "d", f.Json);
        command.ExecuteNonQuery();
    }

    // ---- Concurrency ----------------------------------------------------------------------------------

    [StoreFact]
    public void Eight_concurrent_screens_into_one_database_all_succeed_and_lose_nothing()
    {
        using (Open()) { }
        var documents = ScreenedSample.All(0);
        const int Writers = 8, Batch = 100;
        var start = new Barrier(Writers);
        var results = new (long Run, Exception? Error)[Writers];
        var threads = Enumerable.Range(0, Writers).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                // A screen's write pattern: open, begin, a transaction per batch, read its run back, end.
                using var store = FindingStore.Open(Db);
                var run = store.BeginRun($"screen #{i}", "{}", ["sample"], "{}");
                results[i].Run = run.Id;
                foreach (var batch in documents.Chunk(Batch))
                {
                    store.AddFindings(batch.Select(f => f with { RunId = run.Id }));
                    Assert.NotNull(store.GetRun(run.Id));
                }
                store.FinishRun(run.Id, documents.Count, 0);
            }
            catch (Exception e) { results[i].Error = e; }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(results, r => Assert.Null(r.Error));
        using var check = Open();
        var runs = check.ListRuns();
        Assert.Equal(results.Select(r => r.Run).Order(), runs.Select(r => r.Id));
        var expected = Works(documents);
        foreach (var run in runs)
        {
            Assert.Equal(RunStatus.Finished, run.Status);
            Assert.Equal(documents.Count, run.Findings);
            Assert.Equal(expected, check.FindingsOf(run.Id).Select(f => f.WorkId));
            Assert.Equal(
                documents.Count(f => Values(f, "institutions", "listings", "list").Contains("ndaa-1286")),
                AllPages(check, new FindingQuery { Run = run.Id, List = "ndaa-1286", Limit = 1000 }).Count);
        }
        if (StoreLocation.Parse(Db).Dialect == StoreDialect.Sqlite)
        {
            using var connection = FindingStore.Connect(StoreLocation.Parse(Db));
            using var mode = connection.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", mode.ExecuteScalar());
        }
    }
}

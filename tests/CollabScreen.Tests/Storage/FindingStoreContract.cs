using System.Data.Common;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Storage;

/// <summary>
/// The storage contract, run on every dialect: one subclass per database. Each test gets a fresh database
/// (a temp SQLite file, or its own PostgreSQL schema), so tests and parallel runs never see each other.
/// </summary>
public abstract partial class FindingStoreContract : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 30, 15, 123, TimeSpan.Zero);

    /// <summary>A --db value naming a fresh, empty database.</summary>
    protected string Db { get; }

    protected FindingStoreContract() => Db = NewDatabase();

    protected abstract string NewDatabase();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private FindingStore Open() => FindingStore.Open(Db);

    [StoreFact]
    public void A_run_keeps_its_command_options_inputs_list_versions_times_and_counts()
    {
        using var store = Open();
        var begun = store.BeginRun("collabscreen screen --input a.jsonl.gz b.jsonl --format html",
            """{"format":"html","all":false}""", ["a.jsonl.gz", "b.jsonl"], SampleFindings.Lists2023, Monday);
        Assert.True(begun.Id > 0);
        var unfinished = store.GetRun(begun.Id)!;
        Assert.Null(unfinished.Finished);
        Assert.Null(unfinished.WorksRead);

        var finished = store.FinishRun(begun.Id, worksRead: 1000, worksSkipped: 3, Monday.AddMinutes(2));
        Assert.Equal(begun.Id, finished.Id);
        Assert.Equal(Monday, finished.Started);
        Assert.Equal(Monday.AddMinutes(2), finished.Finished);
        Assert.Equal("collabscreen screen --input a.jsonl.gz b.jsonl --format html", finished.Command);
        Assert.Equal("""{"format":"html","all":false}""", finished.OptionsJson);
        Assert.Equal(["a.jsonl.gz", "b.jsonl"], finished.Inputs);
        Assert.Equal(SampleFindings.Lists2023, finished.ListVersionsJson);
        Assert.Equal(1000, finished.WorksRead);
        Assert.Equal(3, finished.WorksSkipped);
        Assert.Equal(FindingStore.ToolVersion, finished.ToolVersion);
        Assert.Equal(0, finished.Findings);
    }

    [StoreFact]
    public void Findings_of_real_works_come_back_verbatim_in_work_order_and_are_counted_by_severity()
    {
        using var store = Open();
        var run = store.BeginRun("screen", "{}", ["works-sample-2022schema.jsonl.gz"], SampleFindings.Lists2023);
        var findings = SampleFindings.Works.Select(w => SampleFindings.For(run.Id, w, withAspi: true)!).ToList();
        Assert.Equal(13, findings.Count);
        Assert.Equal(13, store.AddFindings(findings));
        store.FinishRun(run.Id, 1000, 0);

        var back = store.FindingsOf(run.Id).ToList();
        Assert.Equal(findings.Select(f => f.WorkId).Order(StringComparer.Ordinal), back.Select(f => f.WorkId));
        foreach (var f in back)
        {
            var original = findings.Single(o => o.WorkId == f.WorkId);
            Assert.Equal(original.Json, f.Json); // byte for byte, key order included
            Assert.Equal(original.Doi, f.Doi);
            Assert.Equal(original.Title, f.Title);
            Assert.Equal(original.Year, f.Year);
            Assert.Equal(original.Severity, f.Severity);
            Assert.Equal(original.Rules, f.Rules);
            Assert.Equal(run.Id, f.RunId);
        }
        var nudt = back.Single(f => f.WorkId == "https://openalex.org/W3143702215");
        Assert.Contains("National University of Defense Technology", nudt.Json);
        Assert.Equal("medium", nudt.Severity);
        Assert.Equal(["listed-coauthor:legal", "listed-coauthor:assessment"], nudt.Rules);

        var stored = store.GetRun(run.Id)!;
        Assert.Equal(13, stored.Findings);
        Assert.Equal(11, stored.FindingsBySeverity["medium"]); // on §1286: HIT 4, Beihang 3, NWPU 2, NUDT 2
        Assert.Equal(2, stored.FindingsBySeverity["low"]);     // Xidian: tracker only
    }

    [StoreFact]
    public void A_second_finding_for_a_work_already_in_the_run_is_ignored()
    {
        using var store = Open();
        var run = store.BeginRun("screen", "{}", [], "{}");
        var work = SampleFindings.Works[0];
        var first = SampleFindings.For(run.Id, work, withAspi: false)!;
        var again = SampleFindings.For(run.Id, work, withAspi: true)!;
        Assert.Equal(1, store.AddFindings([first, again]));
        Assert.Equal(first.Json, Assert.Single(store.FindingsOf(run.Id)).Json);
    }

    [StoreFact]
    public void Many_findings_span_several_insert_batches_with_duplicates_inside_and_across_them()
    {
        using var store = Open();
        var run = store.BeginRun("screen", "{}", [], "{}");
        var unique = Enumerable.Range(0, 2 * FindingStore.PostgresInsertRows + 13)
            .Select(i => SampleFindings.For(run.Id, SampleFindings.Works[i % 13], true)! with { WorkId = $"https://openalex.org/W9{i:D5}" })
            .ToList();
        // Every 7th finding again, later: some land in the same batch as the first, some in a later one.
        var withRepeats = unique.Concat(unique.Where((_, i) => i % 7 == 0)).OrderBy(f => f.WorkId.GetHashCode()).ToList();
        Assert.Equal(unique.Count, store.AddFindings(withRepeats));
        Assert.Equal(unique.Select(f => f.WorkId).Order(StringComparer.Ordinal), store.FindingsOf(run.Id).Select(f => f.WorkId));
        Assert.Equal(unique.Count, store.GetRun(run.Id)!.Findings);
    }

    [StoreFact]
    public void A_batch_with_a_broken_finding_stores_nothing()
    {
        using var store = Open();
        var run = store.BeginRun("screen", "{}", [], "{}");
        var good = Enumerable.Range(0, FindingStore.PostgresInsertRows + 5)
            .Select(i => SampleFindings.For(run.Id, SampleFindings.Works[i % 13], true)! with { WorkId = $"https://openalex.org/W8{i:D5}" }).ToList();
        var broken = good[0] with { WorkId = "https://openalex.org/W1", Json = "{\"work\": " };
        var e = Assert.Throws<ArgumentException>(() => store.AddFindings([.. good, broken]));
        Assert.Contains("https://openalex.org/W1", e.Message);
        Assert.Empty(store.FindingsOf(run.Id));
    }

    [StoreFact]
    public void Findings_for_a_run_that_does_not_exist_are_refused_with_the_run_named()
    {
        using var store = Open();
        var orphan = SampleFindings.For(4242, SampleFindings.Works[0], true)!;
        var e = Assert.Throws<StorageException>(() => store.AddFindings([orphan]));
        Assert.Contains("run 4242 does not exist", e.Message);
    }

    [StoreFact]
    public void A_missing_run_is_null_and_naming_it_elsewhere_says_which()
    {
        using var store = Open();
        var run = store.BeginRun("screen", "{}", [], "{}");
        Assert.Null(store.GetRun(run.Id + 100));
        Assert.Empty(store.FindingsOf(run.Id + 100));
        var e = Assert.Throws<StorageException>(() => store.Diff(run.Id, run.Id + 100));
        Assert.Contains($"no run {run.Id + 100}", e.Message);
        Assert.Throws<StorageException>(() => store.FinishRun(run.Id + 100, 1, 0));
    }

    [StoreFact]
    public void Runs_are_listed_oldest_first_with_ids_never_reused()
    {
        using var store = Open();
        var ids = Enumerable.Range(0, 3).Select(i => store.BeginRun($"screen #{i}", "{}", [], "{}", Monday.AddDays(i)).Id).ToList();
        store.FinishRun(ids[0], 10, 0);
        var runs = store.ListRuns();
        Assert.Equal(ids, runs.Select(r => r.Id));
        Assert.Equal(["screen #0", "screen #1", "screen #2"], runs.Select(r => r.Command));
        Assert.NotNull(runs[0].Finished);
        Assert.Null(runs[1].Finished);
        Assert.True(ids[1] > ids[0] && ids[2] > ids[1]);
    }

    [StoreFact]
    public void Diff_after_a_list_update_and_a_dropped_work_shows_new_gone_and_changed()
    {
        using var store = Open();
        var works = SampleFindings.Works;
        var dropped = works.First(w => SampleFindings.Partners(w).Contains("Harbin Institute of Technology"));
        var a = store.BeginRun("screen", "{}", ["sample"], SampleFindings.Lists2022);
        store.AddFindings(works.Select(w => SampleFindings.For(a.Id, w, withAspi: false)).OfType<StoredFinding>());
        store.FinishRun(a.Id, 1000, 0);
        var b = store.BeginRun("screen", "{}", ["sample", "retractions-removed"], SampleFindings.Lists2023);
        store.AddFindings(works.Where(w => w != dropped).Select(w => SampleFindings.For(b.Id, w, withAspi: true)).OfType<StoredFinding>());
        store.FinishRun(b.Id, 999, 0);

        var diff = store.Diff(a.Id, b.Id);

        var xidian = works.Where(w => SampleFindings.Partners(w).SequenceEqual(["Xidian University"])).Select(w => w.Id).ToHashSet();
        Assert.Equal(2, xidian.Count);
        Assert.Equal(xidian, diff.New.Select(c => c.WorkId).ToHashSet());
        Assert.All(diff.New, c => Assert.Equal((null, "low"), (c.SeverityFrom, c.SeverityTo)));
        Assert.All(diff.New, c => Assert.Equal(["listed-coauthor:assessment"], c.Rules.Added));
        Assert.Equal(dropped.Id, Assert.Single(diff.Gone).WorkId);
        Assert.Equal(("medium", (string?)null), (diff.Gone.Single().SeverityFrom, diff.Gone.Single().SeverityTo));

        var changed = diff.Changed.ToList();
        Assert.Equal(10, changed.Count); // the 11 on §1286, less the dropped one: each gained its tracker listing
        Assert.Equal(0, diff.Unchanged);
        var nudt = changed.Single(c => c.WorkId == "https://openalex.org/W3143702215");
        Assert.Equal(("medium", "medium"), (nudt.SeverityFrom, nudt.SeverityTo));
        Assert.Equal(["listed-coauthor:assessment"], nudt.Rules.Added);
        Assert.Empty(nudt.Rules.Removed);
        Assert.Equal(["National University of Defense Technology on aspi-china-defence-universities"], nudt.Listings.Added);
        Assert.Empty(nudt.Institutions.Added);
        Assert.Equal("rules +listed-coauthor:assessment; listings +National University of Defense Technology on aspi-china-defence-universities", nudt.Explain());

        Assert.Equal(["+aspi-china-defence-universities misp-galaxy 2023"], diff.ListVersionChanges);
        Assert.Equal(["retractions-removed"], diff.InputChanges.Added);
        Assert.Equal(diff.Changes.Select(c => c.WorkId).Order(StringComparer.Ordinal), diff.Changes.Select(c => c.WorkId));

        var back = store.Diff(b.Id, a.Id);
        Assert.Equal([dropped.Id], back.New.Select(c => c.WorkId));
        Assert.Equal(xidian, back.Gone.Select(c => c.WorkId).ToHashSet());
        Assert.Equal(["listed-coauthor:assessment"], back.Changed.Single(c => c.WorkId == nudt.WorkId).Rules.Removed);
    }

    [StoreFact]
    public void Diff_of_a_run_with_itself_changes_nothing()
    {
        using var store = Open();
        var run = store.BeginRun("screen", "{}", [], SampleFindings.Lists2023);
        store.AddFindings(SampleFindings.Works.Select(w => SampleFindings.For(run.Id, w, true)!));
        store.FinishRun(run.Id, 1000, 0);
        var diff = store.Diff(run.Id, run.Id);
        Assert.Empty(diff.Changes);
        Assert.Equal(13, diff.Unchanged);
        Assert.Empty(diff.ListVersionChanges);
    }

    [StoreFact]
    public void A_database_at_schema_version_1_is_migrated_on_open_and_keeps_its_runs()
    {
        var location = StoreLocation.Parse(Db);
        using (var v1 = FindingStore.Open(location, create: true, migrateTo: 1))
            Assert.Equal(1, v1.SchemaVersion);
        // A run written by the version-1 program: no tool_version column yet.
        var document = SampleFindings.For(0, SampleFindings.Works[0], withAspi: false)!.Json;
        long old;
        using (var connection = FindingStore.Connect(location))
        {
            old = Convert.ToInt64(Scalar(connection, location.Dialect == StoreDialect.Sqlite
                ? "INSERT INTO runs (started, command, options, inputs, list_versions) VALUES ('2024-01-15T10:00:00.0000000Z', 'screen --old', '{}', '[\"old.jsonl\"]', '{}') RETURNING id"
                : "INSERT INTO runs (started, command, options, inputs, list_versions) VALUES ('2024-01-15T10:00:00Z', 'screen --old', '{}', '[\"old.jsonl\"]', '{}') RETURNING id"));
            Execute(connection, $"INSERT INTO findings (run_id, work_id, severity, rules, document) VALUES ({old}, '{SampleFindings.Works[0].Id}', 'medium', '[\"listed-coauthor:legal\"]', '{document.Replace("'", "''")}')");
            Assert.Throws(location.Dialect == StoreDialect.Sqlite ? typeof(Microsoft.Data.Sqlite.SqliteException) : typeof(Npgsql.PostgresException),
                () => Execute(connection, "SELECT tool_version FROM runs"));
        }

        using var store = Open();
        Assert.Equal(Migrations.Latest(StoreDialect.Sqlite), store.SchemaVersion);
        var run = store.GetRun(old)!;
        Assert.Equal("screen --old", run.Command);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero), run.Started);
        Assert.Null(run.ToolVersion);
        Assert.Equal(1, run.FindingsBySeverity["medium"]);
        Assert.Equal(document, Assert.Single(store.FindingsOf(old)).Json);
        var next = store.BeginRun("screen --new", "{}", [], "{}");
        Assert.True(next.Id > old);
        Assert.Equal(FindingStore.ToolVersion, store.GetRun(next.Id)!.ToolVersion);
        Assert.Equal(Enumerable.Range(1, Migrations.Latest(StoreDialect.Sqlite)), AppliedVersions(location));
    }

    [StoreFact]
    public void Reopening_an_up_to_date_database_changes_nothing()
    {
        long id;
        using (var first = Open())
        {
            id = first.BeginRun("screen", "{}", [], "{}").Id;
            first.AddFindings([SampleFindings.For(id, SampleFindings.Works[0], true)!]);
        }
        for (var i = 0; i < 3; i++)
        {
            using var again = Open();
            Assert.Equal(Migrations.Latest(StoreDialect.Sqlite), again.SchemaVersion);
            Assert.Equal([id], again.ListRuns().Select(r => r.Id));
            Assert.Single(again.FindingsOf(id));
        }
        Assert.Equal(Enumerable.Range(1, Migrations.Latest(StoreDialect.Sqlite)), AppliedVersions(StoreLocation.Parse(Db)));
    }

    [StoreFact]
    public void A_database_from_a_newer_collabscreen_is_refused()
    {
        var location = StoreLocation.Parse(Db);
        using (Open()) { }
        using (var connection = FindingStore.Connect(location))
            Execute(connection, location.Dialect == StoreDialect.Sqlite
                ? "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01T00:00:00Z')"
                : "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', now())");
        var e = Assert.Throws<StorageException>(Open);
        Assert.Contains("version 99", e.Message);
        Assert.Contains("newer", e.Message);
    }

    [StoreFact]
    public void Processes_opening_a_new_database_at_once_apply_each_migration_once()
    {
        var stores = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).Select(_ => Open()).ToList();
        Assert.All(stores, s => Assert.Equal(Migrations.Latest(StoreDialect.Sqlite), s.SchemaVersion));
        Assert.Equal(Enumerable.Range(1, Migrations.Latest(StoreDialect.Sqlite)), AppliedVersions(StoreLocation.Parse(Db)));
        foreach (var s in stores) s.Dispose();
    }

    private static List<int> AppliedVersions(StoreLocation location)
    {
        using var connection = FindingStore.Connect(location);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        using var reader = command.ExecuteReader();
        var versions = new List<int>();
        while (reader.Read()) versions.Add(Convert.ToInt32(reader.GetValue(0)));
        return versions;
    }

    private static object? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

public sealed class SqliteFindingStoreTests : FindingStoreContract
{
    private string? _dir;

    protected override string NewDatabase()
    {
        _dir = Directory.CreateTempSubdirectory("collabscreen-store-").FullName;
        return Path.Combine(_dir, "nested", "collabscreen.db"); // the store creates missing directories
    }

    public override void Dispose()
    {
        if (_dir is not null) Directory.Delete(_dir, recursive: true);
        base.Dispose();
    }
}

[PostgresTests]
public sealed class PostgresFindingStoreTests : FindingStoreContract
{
    private string? _schema;

    protected override string NewDatabase()
    {
        var cs = TestPostgres.CreateSchema(out var schema);
        _schema = schema;
        return cs;
    }

    public override void Dispose()
    {
        if (_schema is not null) TestPostgres.DropSchema(_schema);
        base.Dispose();
    }
}

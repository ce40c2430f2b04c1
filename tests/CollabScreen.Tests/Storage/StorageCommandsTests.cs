using System.Text.Json;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Storage;

/// <summary>`runs`, `runs show` and `diff` on a SQLite history holding two screenings of the real sample.</summary>
public class StorageCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("collabscreen-cli-").FullName;
    private readonly string _db;
    private readonly long _a, _b;
    private readonly Model.Work _dropped;

    public StorageCommandsTests()
    {
        _db = Path.Combine(_dir, "history.db");
        using var store = FindingStore.Open(_db);
        var works = SampleFindings.Works;
        _dropped = works.First(w => SampleFindings.Partners(w).Contains("Harbin Institute of Technology"));
        var started = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);
        _a = store.BeginRun("collabscreen screen --input works-sample-2022schema.jsonl.gz", """{"format":"jsonl"}""",
            ["works-sample-2022schema.jsonl.gz"], SampleFindings.Lists2022, started).Id;
        store.AddFindings(works.Select(w => SampleFindings.For(_a, w, withAspi: false)).OfType<StoredFinding>());
        store.FinishRun(_a, 1000, 0, started.AddSeconds(42));
        _b = store.BeginRun("collabscreen screen --input works-sample-2022schema.jsonl.gz", """{"format":"jsonl"}""",
            ["works-sample-2022schema.jsonl.gz"], SampleFindings.Lists2023, started.AddMonths(1)).Id;
        store.AddFindings(works.Where(w => w != _dropped).Select(w => SampleFindings.For(_b, w, withAspi: true)).OfType<StoredFinding>());
        store.FinishRun(_b, 999, 1, started.AddMonths(1).AddSeconds(40));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Runs_lists_both_runs_with_counts_by_severity()
    {
        var (code, stdout, stderr) = CliRunner.Run("runs", "--db", _db);
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("  RUN  STARTED (UTC)", lines[0]);
        Assert.Contains("2026-10-01 08:00", lines[1]);
        Assert.Contains("11 medium", lines[1]);
        Assert.Contains("10 medium, 2 low", lines[2]);
        Assert.Contains("2 runs in SQLite", stderr);
    }

    [Fact]
    public void Runs_jsonl_has_one_object_per_run_with_options_and_list_versions_as_json()
    {
        var (code, stdout, _) = CliRunner.Run("runs", "--db", _db, "--format", "jsonl");
        Assert.Equal(0, code);
        var runs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([_a, _b], runs.Select(r => r.GetProperty("run").GetInt64()));
        var b = runs[1];
        Assert.Equal("2026-11-01T08:00:00Z", b.GetProperty("started").GetString());
        Assert.Equal("jsonl", b.GetProperty("options").GetProperty("format").GetString());
        Assert.Equal("misp-galaxy 2023", b.GetProperty("list_versions").GetProperty("aspi-china-defence-universities").GetString());
        Assert.Equal(999, b.GetProperty("works_read").GetInt64());
        Assert.Equal(12, b.GetProperty("findings").GetInt64());
        Assert.Equal(2, b.GetProperty("by_severity").GetProperty("low").GetInt64());
    }

    [Fact]
    public void Runs_csv_has_a_column_per_severity()
    {
        var (code, stdout, _) = CliRunner.Run("runs", "--db", _db, "-f", "csv");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("run,started,finished,works_read,works_skipped,findings,critical,high,medium,low,none,inputs,list_versions,tool_version,command,status,status_message", lines[0]);
        Assert.EndsWith(",finished,", lines[2]);
        Assert.StartsWith($"{_b},2026-11-01T08:00:00Z,2026-11-01T08:00:40Z,999,1,12,0,0,10,2,0,works-sample-2022schema.jsonl.gz,", lines[2]);
    }

    [Fact]
    public void Runs_show_prints_the_run_and_its_findings_most_severe_first()
    {
        var (code, stdout, _) = CliRunner.Run("runs", "show", _b.ToString(), "--db", _db);
        Assert.Equal(0, code);
        Assert.Contains($"Run {_b}", stdout);
        Assert.Contains("works        999 read, 1 skipped", stdout);
        Assert.Contains("findings     12 (10 medium, 2 low)", stdout);
        var rows = stdout.Split('\n').SkipWhile(l => !l.StartsWith("SEVERITY")).Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal(12, rows.Count);
        Assert.All(rows.Take(10), r => Assert.StartsWith("medium", r));
        Assert.All(rows.Skip(10), r => Assert.StartsWith("low", r));
        Assert.Contains(rows, r => r.Contains("W3143702215"));
    }

    [Fact]
    public void Runs_show_jsonl_gives_back_the_stored_finding_documents()
    {
        var (code, stdout, _) = CliRunner.Run("runs", "show", "latest", "--db", _db, "--format", "jsonl");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var store = FindingStore.Open(_db);
        Assert.Equal(store.FindingsOf(_b).Select(f => f.Json), lines);
        var nudt = JsonDocument.Parse(lines.Single(l => l.Contains("W3143702215"))).RootElement;
        Assert.Equal("https://ror.org/05d2yfz11", nudt.GetProperty("institutions")[0].GetProperty("ror").GetString());
    }

    [Fact]
    public void Diff_table_explains_new_gone_and_changed_findings_and_the_list_update()
    {
        var (code, stdout, _) = CliRunner.Run("diff", _a.ToString(), _b.ToString(), "--db", _db);
        Assert.Equal(0, code);
        Assert.Contains($"run {_a} (2026-10-01 08:00 UTC, 1,000 works, 11 findings) → run {_b} (2026-11-01 08:00 UTC, 999 works, 12 findings)", stdout);
        Assert.Contains("lists: +aspi-china-defence-universities misp-galaxy 2023", stdout);
        Assert.Contains("2 new, 1 gone, 10 changed, 0 unchanged", stdout);
        Assert.Contains("NEW (2)", stdout);
        Assert.Contains("GONE (1)", stdout);
        Assert.Contains("CHANGED (10)", stdout);
        Assert.Contains("new, severity low; rules listed-coauthor:assessment", stdout);
        Assert.Contains("gone, was severity medium; rules listed-coauthor:legal", stdout);
        Assert.Contains(RunsCommandShort(_dropped.Id), stdout[stdout.IndexOf("GONE", StringComparison.Ordinal)..stdout.IndexOf("CHANGED", StringComparison.Ordinal)]);
        Assert.Contains("rules +listed-coauthor:assessment; listings +National University of Defense Technology on aspi-china-defence-universities", stdout);
    }

    [Fact]
    public void Diff_jsonl_has_one_object_per_change_and_the_summary_on_stderr()
    {
        var (code, stdout, stderr) = CliRunner.Run("diff", "previous", "latest", "--db", _db, "--format", "jsonl");
        Assert.Equal(0, code);
        var changes = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(13, changes.Count);
        var gone = changes.Single(c => c.GetProperty("change").GetString() == "gone");
        Assert.Equal(_dropped.Id, gone.GetProperty("work").GetString());
        Assert.Equal("medium", gone.GetProperty("severity_from").GetString());
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("severity_to").ValueKind);
        var nudt = changes.Single(c => c.GetProperty("work").GetString() == "https://openalex.org/W3143702215");
        Assert.Equal("changed", nudt.GetProperty("change").GetString());
        Assert.Equal("listed-coauthor:assessment", nudt.GetProperty("rules_added")[0].GetString());
        Assert.Equal(0, nudt.GetProperty("rules_removed").GetArrayLength());
        Assert.Contains("2 new, 1 gone, 10 changed, 0 unchanged", stderr);
    }

    [Fact]
    public void Diff_csv_has_a_row_per_change()
    {
        var (code, stdout, _) = CliRunner.Run("diff", _a.ToString(), _b.ToString(), "--db", _db, "--format", "csv");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("change,work,doi,title,year,severity_from,severity_to,rules_added,rules_removed,", lines[0]);
        Assert.Equal(14, lines.Length);
        Assert.Equal(2, lines.Count(l => l.StartsWith("new,")));
    }

    [Fact]
    public void A_run_that_does_not_exist_is_an_error_that_lists_the_runs_there_are()
    {
        var (code, _, stderr) = CliRunner.Run("diff", _a.ToString(), "99", "--db", _db);
        Assert.Equal(1, code);
        Assert.Contains($"no run 99 in SQLite {_db}; its runs are {_a}–{_b}", stderr);
        (code, _, stderr) = CliRunner.Run("runs", "show", "42", "--db", _db);
        Assert.Equal(1, code);
        Assert.Contains("no run 42", stderr);
        (code, _, stderr) = CliRunner.Run("runs", "show", "last-tuesday", "--db", _db);
        Assert.Equal(2, code);
        Assert.Contains("'last-tuesday' is not a run", stderr);
    }

    [Fact]
    public void A_bad_db_is_an_error_naming_it()
    {
        var (code, _, stderr) = CliRunner.Run("runs", "--db", Path.Combine(_dir, "typo.db"));
        Assert.Equal(1, code);
        Assert.Contains("no database at", stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "typo.db")));

        (code, _, stderr) = CliRunner.Run("diff", "1", "2", "--db", "postgres://screener:hunter2@127.0.0.1:1/collab");
        Assert.Equal(1, code);
        Assert.Contains("cannot open PostgreSQL database 'collab' at 127.0.0.1:1", stderr);
        Assert.DoesNotContain("hunter2", stderr);

        (code, _, stderr) = CliRunner.Run("runs", "--db", "mysql://u@h/d");
        Assert.Equal(1, code);
        Assert.Contains("unknown scheme", stderr);
    }

    [Fact]
    public void Runs_show_the_status_and_latest_skips_a_run_that_crashed()
    {
        using (var store = FindingStore.Open(_db))
        {
            var crashed = store.BeginRun("collabscreen screen --input works-sample-2022schema.jsonl.gz", "{}", ["works-sample-2022schema.jsonl.gz"], SampleFindings.Lists2023);
            store.AddFindings(SampleFindings.Works.Take(2).Select(w => SampleFindings.For(crashed.Id, w, withAspi: true)!));
        }
        var (code, stdout, _) = CliRunner.Run("runs", "--db", _db);
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("STATUS", lines[0]);
        Assert.Contains(" finished ", lines[1]);
        Assert.Contains(" running ", lines[3]);
        (code, stdout, _) = CliRunner.Run("runs", "show", (_b + 1).ToString(), "--db", _db);
        Assert.Contains("status       running (still running, or stopped without a trace", stdout);
        // #19.11: after the crash, latest is still the last finished run and the diff is the real one.
        (code, _, var stderr) = CliRunner.Run("diff", "previous", "latest", "--db", _db, "--format", "jsonl");
        Assert.Equal(0, code);
        Assert.Contains($"run {_a} (", stderr);
        Assert.Contains("2 new, 1 gone, 10 changed, 0 unchanged", stderr);
        (code, _, stderr) = CliRunner.Run("diff", "latest", (_b + 1).ToString(), "--db", _db);
        Assert.Equal(1, code);
        Assert.Contains($"run {_b + 1} is running", stderr);
        Assert.Contains("(see `collabscreen runs`)", stderr);
    }

    [Fact]
    public void Diff_says_when_options_differ_and_does_not_count_unflagged_rows_as_new()
    {
        long plain, all;
        using (var store = FindingStore.Open(_db))
        {
            plain = store.BeginRun("collabscreen screen", """{"policy":"data/policies/default.json","all":false}""", ["sample"], "{}").Id;
            store.AddFindings(ScreenedSample.Flagged(plain));
            store.FinishRun(plain, 1007, 0);
            all = store.BeginRun("collabscreen screen --all", """{"policy":"strict.json","all":true}""", ["sample"], "{}").Id;
            store.AddFindings(ScreenedSample.All(all));
            store.FinishRun(all, 1007, 0);
        }
        var (code, stdout, _) = CliRunner.Run("diff", plain.ToString(), all.ToString(), "--db", _db);
        Assert.Equal(0, code);
        Assert.Contains("policy: data/policies/default.json → strict.json", stdout);
        Assert.Contains("options: all false → true", stdout);
        Assert.Contains($"not compared: works no rule flagged (severity none, stored by --all): 0 in run {plain}, ", stdout);
        Assert.Contains("0 new, 0 gone, 0 changed, ", stdout);
    }

    [Fact]
    public void Store_errors_get_the_flag_to_change_from_the_cli()
    {
        var (code, _, stderr) = CliRunner.Run("runs", "show", "1", "--db", Path.Combine(_dir, "typo.db"));
        Assert.Equal(1, code);
        Assert.Contains("typo.db; `collabscreen screen` creates it, or choose one with --db", stderr);
        (code, _, stderr) = CliRunner.Run("runs", "--db", _dir);
        Assert.Equal(1, code);
        Assert.Contains("is a directory, not a database file", stderr);
        Assert.Contains("; fix --db", stderr);
    }

    [Fact]
    public void Help_shows_examples()
    {
        Assert.Contains("collabscreen diff previous latest", CliRunner.Run("diff", "--help").Out);
        Assert.Contains("collabscreen runs show 12", CliRunner.Run("runs", "--help").Out);
    }

    private static string RunsCommandShort(string id) => id.Replace("https://openalex.org/", "");
}

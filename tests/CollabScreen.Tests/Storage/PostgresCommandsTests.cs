using System.Text.Json;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Storage;

/// <summary>The storage commands end to end on the live PostgreSQL, through an Npgsql connection string and a URL.</summary>
public class PostgresCommandsTests
{
    [PostgresFact]
    public void Runs_and_diff_read_a_postgres_history()
    {
        var cs = TestPostgres.CreateSchema(out var schema);
        try
        {
            long a, b;
            using (var store = FindingStore.Open(cs))
            {
                a = store.BeginRun("screen", "{}", ["sample"], SampleFindings.Lists2022).Id;
                store.AddFindings(SampleFindings.Works.Select(w => SampleFindings.For(a, w, false)).OfType<StoredFinding>());
                store.FinishRun(a, 1000, 0);
                b = store.BeginRun("screen", "{}", ["sample"], SampleFindings.Lists2023).Id;
                store.AddFindings(SampleFindings.Works.Select(w => SampleFindings.For(b, w, true)).OfType<StoredFinding>());
                store.FinishRun(b, 1000, 0);
            }
            var (code, stdout, stderr) = CliRunner.Run("runs", "--db", cs, "--format", "jsonl");
            Assert.Equal(0, code);
            Assert.Equal([a, b], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("run").GetInt64()));
            Assert.Contains($"2 runs in PostgreSQL database", stderr);

            var builder = new Npgsql.NpgsqlConnectionStringBuilder(cs);
            var url = $"postgres://{builder.Username}:{Uri.EscapeDataString(builder.Password ?? "")}@{builder.Host}:{builder.Port}/{builder.Database}?search_path={schema}";
            (code, stdout, _) = CliRunner.Run("diff", a.ToString(), b.ToString(), "--db", url);
            Assert.Equal(0, code);
            Assert.Contains("2 new, 0 gone, 11 changed, 0 unchanged", stdout);
            Assert.Contains("lists: +aspi-china-defence-universities misp-galaxy 2023", stdout);

            (code, _, stderr) = CliRunner.Run("runs", "show", (b + 5).ToString(), "--db", cs);
            Assert.Equal(1, code);
            Assert.Contains($"no run {b + 5} in PostgreSQL database", stderr);
        }
        finally { TestPostgres.DropSchema(schema); }
    }
}

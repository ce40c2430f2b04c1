using CollabScreen.Storage;
using Npgsql;

namespace CollabScreen.Tests.Storage;

public class StoreLocationTests
{
    [Fact]
    public void The_default_database_is_in_the_XDG_data_directory()
    {
        var env = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = "/data/me", ["HOME"] = "/home/me" };
        Assert.Equal("/data/me/collabscreen/collabscreen.db", StoreLocation.DefaultPath(k => env.GetValueOrDefault(k)));
        env["XDG_DATA_HOME"] = "";
        Assert.Equal("/home/me/.local/share/collabscreen/collabscreen.db", StoreLocation.DefaultPath(k => env.GetValueOrDefault(k)));
        env["XDG_DATA_HOME"] = "relative/dir"; // the XDG spec says to ignore relative paths
        Assert.Equal("/home/me/.local/share/collabscreen/collabscreen.db", StoreLocation.DefaultPath(k => env.GetValueOrDefault(k)));
        Assert.Equal(StoreDialect.Sqlite, StoreLocation.Parse(null).Dialect);
        Assert.Equal(StoreLocation.DefaultSqlitePath, StoreLocation.Parse(null).SqlitePath);
    }

    [Fact]
    public void A_path_is_a_SQLite_file_made_absolute()
    {
        var location = StoreLocation.Parse("runs/history.db");
        Assert.Equal(StoreDialect.Sqlite, location.Dialect);
        Assert.Equal(Path.GetFullPath("runs/history.db"), location.SqlitePath);
        Assert.Contains("SQLite", location.Description);
    }

    [Fact]
    public void A_postgres_url_becomes_a_connection_string_and_its_password_stays_out_of_the_description()
    {
        var location = StoreLocation.Parse("postgres://screener:s%40cret@db.example.org:6543/collab?sslmode=require&search_path=audit");
        Assert.Equal(StoreDialect.Postgres, location.Dialect);
        var cs = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(("db.example.org", 6543, "screener", "s@cret", "collab", "audit"), (cs.Host, cs.Port, cs.Username, cs.Password, cs.Database, cs.SearchPath));
        Assert.Equal(SslMode.Require, cs.SslMode);
        Assert.Equal("PostgreSQL database 'collab' at db.example.org:6543 as screener (schema audit)", location.Description);
        Assert.DoesNotContain("cret", location.Description);

        var defaults = new NpgsqlConnectionStringBuilder(StoreLocation.Parse("postgresql://localhost/collab").ConnectionString);
        Assert.Equal((5432, "collab"), (defaults.Port, defaults.Database));
    }

    [Fact]
    public void An_npgsql_connection_string_is_postgres()
    {
        var location = StoreLocation.Parse("Host=localhost;Username=u;Password=p;Database=d");
        Assert.Equal(StoreDialect.Postgres, location.Dialect);
        Assert.Equal("d", new NpgsqlConnectionStringBuilder(location.ConnectionString).Database);
        Assert.Equal(StoreDialect.Sqlite, StoreLocation.Parse("odd=name.db").Dialect); // '=' alone does not make a connection string
    }

    [Theory]
    [InlineData("mysql://u:p@h/d", "unknown scheme")]
    [InlineData("postgres://u:p@h:5432/", "names no database")]
    [InlineData("postgres://u:p@h/d?colour=blue", "'colour=blue' is not a PostgreSQL connection setting")]
    [InlineData("Host=h;Frobnicate=1", "not a valid PostgreSQL connection string")]
    public void A_bad_db_value_says_what_is_wrong_and_never_shows_the_password(string db, string expected)
    {
        var e = Assert.Throws<StorageException>(() => StoreLocation.Parse(db));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain(":p@", e.Message);
    }

    [Fact]
    public void Redact_hides_passwords_in_urls_and_connection_strings()
    {
        Assert.Equal("postgres://u:***@h/d", StoreLocation.Redact("postgres://u:secret@h/d"));
        Assert.Equal("Host=h;Password=***;Database=d", StoreLocation.Redact("Host=h;Password=secret;Database=d"));
    }
}

/// <summary>Stores that cannot be opened: each error names the database and the fix.</summary>
public class StoreErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("collabscreen-store-errors-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_file_that_is_not_SQLite_is_named_in_the_error()
    {
        var path = Path.Combine(_dir, "works.jsonl");
        File.WriteAllText(path, new string('x', 4096));
        var e = Assert.Throws<StorageException>(() => FindingStore.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a SQLite database", e.Message);
    }

    [Fact]
    public void Another_applications_SQLite_database_is_left_alone()
    {
        var path = Path.Combine(_dir, "places.sqlite");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<StorageException>(() => FindingStore.Open(path));
        Assert.Contains("another application", e.Message);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('runs', 'schema_migrations')";
            Assert.Equal(0L, cmd.ExecuteScalar());
        }
    }

    [Fact]
    public void A_directory_is_not_a_database()
    {
        var e = Assert.Throws<StorageException>(() => FindingStore.Open(_dir));
        Assert.Contains("is a directory", e.Message);
    }

    [Fact]
    public void Reading_commands_do_not_create_a_database_at_a_mistyped_path()
    {
        var path = Path.Combine(_dir, "typo.db");
        var e = Assert.Throws<StorageException>(() => FindingStore.OpenExisting(path));
        Assert.Contains($"no database at {path}", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void An_unreachable_postgres_server_is_a_storage_error_naming_host_and_port()
    {
        // Port 1 on this machine: nothing listens, so the connection is refused at once.
        var e = Assert.Throws<StorageException>(() => FindingStore.Open("postgres://screener:hunter2@127.0.0.1:1/collab"));
        Assert.Contains("cannot open PostgreSQL database 'collab' at 127.0.0.1:1", e.Message);
        Assert.Contains("is the server running", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [PostgresFact]
    public void A_postgres_url_opens_the_live_server()
    {
        var cs = TestPostgres.CreateSchema(out var schema);
        try
        {
            var b = new NpgsqlConnectionStringBuilder(cs);
            var url = $"postgres://{Uri.EscapeDataString(b.Username!)}:{Uri.EscapeDataString(b.Password ?? "")}@{b.Host}:{b.Port}/{b.Database}?search_path={schema}";
            using var store = FindingStore.Open(url);
            Assert.Equal(StoreDialect.Postgres, store.Location.Dialect);
            Assert.Equal(Migrations.Latest(StoreDialect.Sqlite), store.SchemaVersion);
            var run = store.BeginRun("screen", "{}", [], "{}");
            Assert.Equal(run.Id, Assert.Single(store.ListRuns()).Id);
        }
        finally { TestPostgres.DropSchema(schema); }
    }

    [PostgresFact]
    public void A_wrong_postgres_password_says_to_check_the_credentials_without_echoing_them()
    {
        var b = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Password = "not-the-password-4711" };
        var e = Assert.Throws<StorageException>(() => FindingStore.Open(b.ConnectionString));
        Assert.Contains("check the user name and password", e.Message);
        Assert.DoesNotContain("not-the-password-4711", e.Message);
    }

    [PostgresFact]
    public void A_missing_postgres_database_says_so()
    {
        var b = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = "collabscreen_no_such_db" };
        var e = Assert.Throws<StorageException>(() => FindingStore.Open(b.ConnectionString));
        Assert.Contains("database does not exist", e.Message);
    }
}

public class RunRecordTests
{
    [Fact]
    public void List_versions_of_the_bundled_watchlists_name_every_list_with_its_version()
    {
        var lists = CollabScreen.Reference.Watchlists.LoadBundled(userListsDir: null).Lists;
        Assert.NotEmpty(lists);
        using var doc = System.Text.Json.JsonDocument.Parse(RunRecord.ListVersionsOf(lists));
        var versions = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(lists.Select(l => l.Id).Distinct().Order(StringComparer.Ordinal), versions.Keys);
        Assert.All(lists, l => Assert.False(string.IsNullOrWhiteSpace(versions[l.Id])));
    }
}

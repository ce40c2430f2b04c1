using System.Security.Cryptography;
using System.Text;
using CollabScreen.Reference;
using CollabScreen.Reference.Updates;

namespace CollabScreen.Tests.Reference.Updates;

/// <summary>lists update against a local server serving the shared list files, with faults.</summary>
public sealed class ListUpdaterTests : IDisposable
{
    private readonly LocalListServer server = new();
    private readonly string dir = Directory.CreateTempSubdirectory("collabscreen-update-").FullName;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    // name → (served path, shared file) ; OFAC's three files are served beside each other.
    private static readonly (string Source, string Path, string Shared)[] Files =
    [
        ("csl", "trade/consolidated.csv", "watchlists/us-trade-csl-sample.csv"),
        ("ofac-nonsdn", "ofac/cons_prim.csv", "watchlists/ofac-nonsdn-cons_prim.csv"),
        ("ofac-nonsdn", "ofac/cons_alt.csv", "watchlists/ofac-nonsdn-cons_alt.csv"),
        ("ofac-nonsdn", "ofac/cons_add.csv", "watchlists/ofac-nonsdn-cons_add.csv"),
        ("dod-1260h-current", "os/sanctions.csv", "watchlists/us-dod-1260h.csv"),
        ("ndaa-1286-current", "os/section_1286.csv", "watchlists/us-ndaa-section-1286.csv"),
        ("aspi-cdut-current", "misp/china-defence-universities.json", "watchlists/aspi-china-defence-universities.misp.json"),
    ];

    private IReadOnlyList<ListSource> Sources()
    {
        foreach (var (_, path, shared) in Files) server.Serve(path, File.ReadAllBytes(SharedData.Path(shared)));
        return ListSources.Resolve(Files.GroupBy(f => f.Source).Select(g =>
            new KeyValuePair<string, IReadOnlyList<Uri>>(g.Key, g.Take(1).Select(f => server.Url(f.Path)).ToList())));
    }

    private ListUpdater Updater(bool dryRun = false) =>
        new(http, new ListVersions(dir), new UpdateOptions { DryRun = dryRun, MaxAttempts = 2, MaxRetryDelay = TimeSpan.FromSeconds(5) });

    private static string Sha(string shared) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(SharedData.Path(shared))));

    [Fact]
    public async Task Every_list_is_fetched_then_a_second_run_sends_conditional_requests_and_changes_nothing()
    {
        var sources = Sources();
        var first = await Updater().UpdateAsync(sources, CancellationToken.None);
        Assert.All(first, r => Assert.Equal(UpdateStatus.Updated, r.Status));
        Assert.Equal(5, first.Count);
        var store = new ListVersions(dir);
        foreach (var (source, path, shared) in Files)
        {
            var v = store.Current(source)!;
            Assert.Contains(v.Files, f => f.Url == server.Url(path).ToString() && f.Sha256 == Sha(shared) && f.ETag is not null && f.LastModified is not null);
            Assert.True(v.Entries > 0);
            Assert.True(File.Exists(Path.Combine(store.VersionDir(source, v.Id), Path.GetFileName(path))));
        }
        Assert.Equal(68, first.Single(r => r.Name == "ofac-nonsdn").Version!.Counts.Where(c => c.Key.Contains("CMIC")).Sum(c => c.Value));
        Assert.True(store.Current("csl")!.Counts["Entity List (EL) - Bureau of Industry and Security"] > 0);

        // screening reads the lists directory: the fetched lists are in force, named by version
        var w = Watchlists.LoadBundled(dir);
        Assert.Equal(store.Current("csl")!.Label, w.List("csl")!.Version);
        Assert.Contains(w.OnList("dod-1260h-current"), e => e.Name.Contains("Hikvision", StringComparison.OrdinalIgnoreCase));
        var inForce = Files.Select(f => f.Source).Distinct().ToDictionary(s => s, s => File.ReadAllBytes(store.InForcePath(s)));

        while (server.Log.TryDequeue(out _)) { }
        var second = await Updater().UpdateAsync(sources, CancellationToken.None);
        Assert.All(second, r => Assert.Equal(UpdateStatus.Unchanged, r.Status));
        var log = server.Log.ToList();
        Assert.Equal(Files.Length, log.Count);
        Assert.All(log, r => { Assert.NotNull(r.IfNoneMatch); Assert.NotNull(r.IfModifiedSince); Assert.Equal(304, r.Status); });
        foreach (var (s, bytes) in inForce)
        {
            Assert.Equal(bytes, File.ReadAllBytes(store.InForcePath(s)));
            Assert.Single(store.All(s));
        }
    }

    public static TheoryData<string, LocalListServer.Fault, string> Faults => new()
    {
        { "trade/consolidated.csv", LocalListServer.Fault.Status500, "HTTP 500" },
        { "trade/consolidated.csv", LocalListServer.Fault.TooMany429, "HTTP 429" },
        { "trade/consolidated.csv", LocalListServer.Fault.CutBody, "body cut short" },
        { "ofac/cons_alt.csv", LocalListServer.Fault.CutBody, "body cut short" },
        { "os/sanctions.csv", LocalListServer.Fault.Status500, "HTTP 500" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_faulty_download_leaves_the_previous_version_in_force_and_names_url_and_fault(string path, LocalListServer.Fault fault, string expected)
    {
        var sources = Sources();
        await Updater().UpdateAsync(sources, CancellationToken.None);
        var store = new ListVersions(dir);
        var source = Files.First(f => f.Path == path).Source;
        var before = File.ReadAllBytes(store.InForcePath(source));
        var version = store.Current(source)!;

        // new content, so the request is not answered 304, and the fault hits the real download
        var shared = Files.First(f => f.Path == path).Shared;
        server.Serve(path, [.. File.ReadAllBytes(SharedData.Path(shared)), .. "\n"u8.ToArray()]);
        server.Fail(path, fault);
        var r = await Updater().UpdateAsync(sources.Single(s => s.Name == source), CancellationToken.None);

        Assert.Equal(UpdateStatus.Failed, r.Status);
        Assert.Equal(server.Url(path).ToString(), r.FailedUrl);
        Assert.Contains(expected, r.Fault);
        Assert.Equal(before, File.ReadAllBytes(store.InForcePath(source)));
        Assert.Equal(version.Id, store.Current(source)!.Id);
        Assert.Single(store.All(source));
        Assert.Empty(Directory.GetDirectories(store.SourceDir(source), ".incoming-*"));
    }

    [Fact]
    public async Task A_changed_column_is_a_schema_change_and_is_refused()
    {
        var sources = Sources();
        await Updater().UpdateAsync(sources, CancellationToken.None);
        var store = new ListVersions(dir);
        var before = File.ReadAllBytes(store.InForcePath("csl"));
        var text = File.ReadAllText(SharedData.Path("watchlists/us-trade-csl-sample.csv"));
        var nl = text.IndexOf('\n');
        server.Serve("trade/consolidated.csv", Encoding.UTF8.GetBytes(text[..nl].Replace(",name,", ",entity_name,") + text[nl..]));

        var r = await Updater().UpdateAsync(sources.Single(s => s.Name == "csl"), CancellationToken.None);

        Assert.Equal(UpdateStatus.Failed, r.Status);
        Assert.Contains("schema changed", r.Fault);
        Assert.Contains("'name'", r.Fault);
        Assert.Equal(before, File.ReadAllBytes(store.InForcePath("csl")));
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_then_fetched()
    {
        var csl = Sources().Single(s => s.Name == "csl");
        server.Fail("trade/consolidated.csv", LocalListServer.Fault.TooMany429, times: 1);
        var r = await Updater().UpdateAsync(csl, CancellationToken.None);
        Assert.Equal(UpdateStatus.Updated, r.Status);
        Assert.Equal(2, r.Requests);
        Assert.Equal([429, 200], server.Log.Select(x => x.Status).ToArray());
    }

    [Fact]
    public async Task Dry_run_shows_what_would_change_and_keeps_nothing()
    {
        var sources = Sources();
        var text = File.ReadAllText(SharedData.Path("watchlists/us-dod-1260h.csv"));
        var lines = text.Split('\n');
        server.Serve("os/sanctions.csv", Encoding.UTF8.GetBytes(string.Join('\n', lines.Where((_, i) => i == 0 || i % 10 != 3))));
        var s1260 = sources.Single(s => s.Name == "dod-1260h-current");
        await Updater().UpdateAsync(s1260, CancellationToken.None);
        var store = new ListVersions(dir);
        var before = File.ReadAllBytes(store.InForcePath("dod-1260h-current"));

        server.Serve("os/sanctions.csv", Encoding.UTF8.GetBytes(text));
        var r = await Updater(dryRun: true).UpdateAsync(s1260, CancellationToken.None);

        Assert.Equal(UpdateStatus.WouldUpdate, r.Status);
        Assert.NotEmpty(r.Diff!.Added);
        Assert.Empty(r.Diff.Removed);
        Assert.Equal(before, File.ReadAllBytes(store.InForcePath("dod-1260h-current")));
        Assert.Single(store.All("dod-1260h-current"));
        Assert.Single(Directory.GetDirectories(store.SourceDir("dod-1260h-current")));
    }

    [Fact]
    public void Ofac_mirror_takes_alt_and_add_beside_prim_and_unknown_sources_are_refused()
    {
        var s = ListSources.Resolve([ListSources.ParseOption("ofac-nonsdn=https://mirror.example/x/CONS_PRIM.CSV")], ["ofac-nonsdn"]).Single();
        Assert.Equal(["https://mirror.example/x/CONS_PRIM.CSV", "https://mirror.example/x/CONS_ALT.CSV", "https://mirror.example/x/CONS_ADD.CSV"],
            s.Files.Select(f => f.Url.ToString()).ToArray());
        Assert.Equal(["cons_prim.csv", "cons_alt.csv", "cons_add.csv"], s.Files.Select(f => f.LocalName).ToArray());
        var e = Assert.Throws<ArgumentException>(() => ListSources.Resolve([ListSources.ParseOption("cls=https://x.example/a.csv")]));
        Assert.Contains("unknown list source 'cls'", e.Message);
        Assert.Throws<ArgumentException>(() => ListSources.ParseOption("csl=ftp://x.example/a.csv"));
    }
}

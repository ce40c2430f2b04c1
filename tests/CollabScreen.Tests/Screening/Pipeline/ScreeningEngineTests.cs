using CollabScreen.Reporting;
using CollabScreen.Screening;
using CollabScreen.Screening.Pipeline;
using CollabScreen.Sources;
using CollabScreen.Storage;

namespace CollabScreen.Tests.Screening.Pipeline;

/// <summary>The engine without the CLI: sink protocol, input order, cancellation and failure, on real shared inputs.</summary>
public class ScreeningEngineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("collabscreen-engine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ScreeningRequest Request(string input, int threads = 2, bool all = false) =>
        new() { Source = new FileSource(WorkFiles.ExpandPaths([SharedData.Path(input)])), Threads = threads, All = all };

    /// <summary>Records what the engine tells a sink, and can cancel or fail after a number of works.</summary>
    private sealed class Probe(int? cancelAfter = null, CancellationTokenSource? cancel = null, int? failAfter = null) : FindingSink
    {
        public int Begun, Finished;
        public List<ScreenedWork> Items { get; } = [];
        public ScreeningOutcome? Outcome;
        public ScreeningContext? Context;

        public override ValueTask BeginAsync(ScreeningContext context, CancellationToken token) { Begun++; Context = context; return default; }

        public override ValueTask OnFindingAsync(ScreenedWork item, CancellationToken token)
        {
            Items.Add(item);
            if (Items.Count == cancelAfter) cancel!.Cancel();
            if (Items.Count == failAfter) throw new InvalidDataException("probe failure");
            return default;
        }

        public override ValueTask FinishAsync(ScreeningOutcome outcome) { Finished++; Outcome = outcome; return default; }
    }

    [Fact]
    public async Task Every_work_reaches_the_sinks_once_in_input_order_and_the_tally_agrees()
    {
        var probe = new Probe();
        var outcome = await new ScreeningEngine().RunAsync(Request("exports/wos-bci-2.txt", threads: 4), [probe]);
        Assert.Equal(RunOutcome.Finished, outcome.Status);
        Assert.Equal((1, 1), (probe.Begun, probe.Finished));
        Assert.Equal(outcome.Report.Read, probe.Items.Count);
        Assert.True(probe.Items.Count > 256, "more than one parallel batch");
        var lines = probe.Items.Select(i => i.Work!.Origin.Line).ToList();
        Assert.Equal(lines.Order(), lines);
        Assert.Equal(probe.Items.Count(i => i.Finding.Flagged), outcome.Run.Flagged);
        Assert.Equal(probe.Items.Count(i => i.Finding.Flagged), probe.Context!.Tally.Flagged);
        // Without --all only flagged works are reported; every flagged work is.
        Assert.All(probe.Items, i => Assert.Equal(i.Finding.Flagged, i.Reported));
        Assert.Contains(probe.Items, i => !i.Reported);
    }

    [Fact]
    public async Task Output_does_not_depend_on_the_number_of_threads()
    {
        async Task<string> Jsonl(int threads)
        {
            var text = new StringWriter();
            await new ScreeningEngine().RunAsync(Request("exports/wos-ai-medical-3.txt", threads, all: true), [new WriterSink(new JsonlFindingWriter(text))]);
            return text.ToString();
        }
        var one = await Jsonl(1);
        Assert.Equal(500, one.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(one, await Jsonl(3));
    }

    [Fact]
    public async Task A_cancelled_run_is_stored_but_never_taken_as_latest()
    {
        using var store = FindingStore.Open(Path.Combine(_dir, "runs.db"));
        var engine = new ScreeningEngine();
        var first = new StoreSink(store);
        Assert.Equal(RunOutcome.Finished, (await engine.RunAsync(Request("exports/wos-bci-3.txt"), [first])).Status);

        using var cancel = new CancellationTokenSource();
        var probe = new Probe(cancelAfter: 300, cancel: cancel);
        var second = new StoreSink(store);
        var outcome = await engine.RunAsync(Request("openalex/works-sample-2022schema.jsonl.gz"), [second, probe], cancel: cancel.Token);

        Assert.Equal(RunOutcome.Cancelled, outcome.Status);
        Assert.Equal(RunOutcome.Cancelled, probe.Outcome!.Status);
        Assert.Equal(300, probe.Items.Count);
        // Reading runs at most one batch (256 works) ahead of the sinks.
        Assert.True(outcome.Report.Read < 1000, $"stopped early, read {outcome.Report.Read}");
        var stored = store.GetRun(second.Run!.Id)!;
        Assert.Equal(RunStatus.Cancelled, stored.Status);
        // What was screened before the cancel is kept, and nothing after it.
        Assert.Equal(probe.Items.Count(i => i.Reported), store.FindingsOf(stored.Id).Count());
        Assert.Equal(first.Run!.Id, RunSelector.Resolve(store, "latest"));
        Assert.Throws<StorageException>(() => RunSelector.Resolve(store, "previous"));
    }

    [Fact]
    public async Task A_failing_sink_fails_the_run_and_every_begun_sink_is_finished_as_failed()
    {
        using var store = FindingStore.Open(Path.Combine(_dir, "runs.db"));
        var stored = new StoreSink(store);
        var watcher = new Probe();
        var failing = new Probe(failAfter: 10);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new ScreeningEngine().RunAsync(Request("exports/wos-bci-5.txt"), [stored, watcher, failing]));
        Assert.Equal("probe failure", e.Message);
        Assert.Equal(RunOutcome.Failed, watcher.Outcome!.Status);
        Assert.Same(e, watcher.Outcome.Error);
        Assert.Equal(1, failing.Finished);
        Assert.Equal(RunStatus.Failed, store.GetRun(stored.Run!.Id)!.Status);
        Assert.Equal("probe failure", store.GetRun(stored.Run!.Id)!.StatusMessage);
        Assert.Throws<StorageException>(() => RunSelector.Resolve(store, "latest"));
    }

    [Fact]
    public async Task A_bad_record_is_counted_and_the_run_goes_on()
    {
        var file = Path.Combine(_dir, "works.jsonl");
        var lines = SharedData.Path("openalex/works-sample-2022schema.jsonl.gz");
        using (var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(lines), System.IO.Compression.CompressionMode.Decompress)))
        using (var writer = new StreamWriter(file))
        {
            writer.WriteLine(reader.ReadLine());
            writer.WriteLine("{\"id\": \"https://openalex.org/W1\", \"authorships\": 7");
            writer.WriteLine(reader.ReadLine());
        }
        var log = new List<string>();
        var probe = new Probe();
        var outcome = await new ScreeningEngine(log.Add).RunAsync(new ScreeningRequest { Source = new FileSource([file]), All = true }, [probe]);
        Assert.Equal(RunOutcome.Finished, outcome.Status);
        Assert.Equal(2, probe.Items.Count);
        Assert.Equal(1, outcome.Report.Skipped);
        Assert.Contains(log, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains("works.jsonl:2", StringComparison.Ordinal));
    }

    [Fact]
    public void The_request_records_its_options_and_presentation()
    {
        var r = Request("exports/wos-bci-2.txt", all: true) with
        {
            Registry = "ror.jsonl.gz", Institution = "https://ror.org/05d2yfz11",
            Presentation = new Dictionary<string, object?> { ["format"] = "jsonl", ["summary"] = false },
        };
        using var doc = System.Text.Json.JsonDocument.Parse(r.OptionsJson());
        var o = doc.RootElement;
        Assert.Equal("ror.jsonl.gz", o.GetProperty("registry").GetString());
        Assert.Equal("https://ror.org/05d2yfz11", o.GetProperty("institution").GetString());
        Assert.Equal(SeverityPolicy.BundledPath, o.GetProperty("policy").GetString());
        Assert.Equal("jsonl", o.GetProperty("format").GetString());
        Assert.True(o.GetProperty("all").GetBoolean());
        Assert.Equal([SharedData.Path("exports/wos-bci-2.txt")], r.Source.Inputs);
    }
}

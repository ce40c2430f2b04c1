using CollabScreen.Reporting;
using CollabScreen.Screening.Pipeline;

namespace CollabScreen.Cli;

/// <summary>
/// Where `screen` and `report` send findings: --format (table, jsonl, csv, html) to --output or stdout, the summary
/// view, and --pdf (printed from the HTML report, which goes to a temporary file when only --pdf asks for it).
/// </summary>
internal sealed class Outputs : IDisposable
{
    private readonly string? _htmlPath, _tempHtml;
    private readonly FileInfo? _pdf;
    private readonly TextWriter? _htmlOut, _textOut;

    public IReadOnlyList<IFindingSink> Sinks { get; }

    public Outputs(string format, FileInfo? output, FileInfo? pdf, bool summary)
    {
        _pdf = pdf;
        _htmlPath = format == "html" && output is not null ? output.FullName : null;
        if (pdf is not null && _htmlPath is null)
            _htmlPath = _tempHtml = Path.Combine(Path.GetTempPath(), $"collabscreen-{Guid.NewGuid():N}.html");
        if (_htmlPath is not null) Directory.CreateDirectory(Path.GetDirectoryName(_htmlPath)!);
        _htmlOut = _htmlPath is not null ? new StreamWriter(_htmlPath, false, new System.Text.UTF8Encoding(false))
            : format == "html" ? Cli.OpenOutput(null) : null;
        _textOut = format != "html" ? Cli.OpenOutput(output) : null;
        var terminal = output is null && !Console.IsOutputRedirected;
        var sinks = new List<IFindingSink>();
        if (_textOut is not null)
            sinks.Add(summary ? format == "table" ? new TableSummarySink(_textOut, terminal, ConsoleWidth()) : new SummarySink(_textOut, format)
                : new WriterSink(format switch
                {
                    "jsonl" => new JsonlFindingWriter(_textOut),
                    "csv" => new CsvFindingWriter(_textOut),
                    _ => new TableFindingWriter(_textOut, terminal, width: ConsoleWidth()),
                }));
        if (_htmlOut is not null) sinks.Add(new HtmlSink(_htmlOut));
        Sinks = sinks;
    }

    /// <summary>Flushes the outputs and, for a finished run, prints the PDF.</summary>
    public void Complete(RunOutcome status, string command)
    {
        _htmlOut?.Flush();
        _textOut?.Flush();
        if (status == RunOutcome.Finished && _pdf is not null)
        {
            PdfPrinter.PrintAsync(_htmlPath!, _pdf.FullName).GetAwaiter().GetResult();
            Console.Error.WriteLine($"{command}: wrote {_pdf.FullName}");
        }
    }

    public void Dispose()
    {
        _htmlOut?.Dispose();
        _textOut?.Dispose();
        if (_tempHtml is not null) File.Delete(_tempHtml);
    }

    private static int ConsoleWidth()
    {
        try { return Console.IsOutputRedirected ? 160 : Math.Max(100, Console.WindowWidth); }
        catch (IOException) { return 160; }
    }

    /// <summary>--summary as console tables (Spectre), at the end of the run.</summary>
    private sealed class TableSummarySink(TextWriter writer, bool terminal, int width) : FindingSink
    {
        private ScreeningContext? _context;

        public override ValueTask BeginAsync(ScreeningContext context, CancellationToken cancel)
        {
            _context = context;
            return default;
        }

        public override ValueTask FinishAsync(ScreeningOutcome outcome)
        {
            if (outcome.Status != RunOutcome.Failed) TableFindingWriter.WriteSummary(writer, _context!.Aggregates, terminal, width);
            return default;
        }
    }
}

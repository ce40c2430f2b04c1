using System.CommandLine;
using System.Text.Json;
using CollabScreen.Reporting;
using CollabScreen.Matching;
using CollabScreen.Reference;

namespace CollabScreen.Cli;

/// <summary>`collabscreen resolve`: raw affiliation strings → institutions (ROR id, name, country, score, features, listings).</summary>
public static class ResolveCommand
{
    public static Command Create()
    {
        var command = new Command("resolve", """
            Resolve raw affiliation strings to institutions, with the features that decided each match and the
            watchlist listings that apply (directly or through a parent). No match means no confident match.
            Without --registry only the bundled watchlist entries are searched.

            Examples:
              collabscreen resolve "College of Computer, National University of Defense Technology, Changsha 410073, China"
              collabscreen resolve --input affiliations.txt --registry ror-data.zip --format jsonl
            """);
        var strings = new Argument<string[]>("STRING") { Description = "Affiliation strings", Arity = ArgumentArity.ZeroOrMore };
        var input = new Option<FileInfo?>("--input", "-i") { Description = "File with one affiliation string per line" };
        var registry = new Option<FileInfo?>("--registry") { Description = "ROR data dump (.json, .jsonl, .jsonl.gz, .zip; schema v1 or v2)" };
        var explain = new Option<bool>("--explain") { Description = "Also print every candidate considered, with its features (table format)" };
        var format = Cli.FormatOption();
        var output = Cli.OutputOption();
        command.Arguments.Add(strings);
        command.Options.Add(input); command.Options.Add(registry); command.Options.Add(format); command.Options.Add(output); command.Options.Add(explain);
        command.SetAction(parse =>
        {
            var args = parse.GetValue(strings) ?? [];
            var file = parse.GetValue(input);
            if (args.Length == 0 && file is null) throw new UsageException("resolve: give affiliation strings or --input FILE (one string per line)");
            if (file is not null && !file.Exists) throw new UsageException($"--input {file.FullName}: no such file");
            RorRegistry? ror = null;
            if (parse.GetValue(registry) is { } regFile)
            {
                if (!regFile.Exists) throw new UsageException($"--registry {regFile.FullName}: no such file");
                try { ror = RorRegistry.LoadReported(regFile.FullName, Console.Error.WriteLine); }
                catch (UnusableRegistryException e) { throw new UsageException("resolve: " + e.Message); }
            }
            var resolver = new AffiliationResolver(ror, Watchlists.LoadBundled());
            var lines = args.AsEnumerable();
            if (file is not null) lines = lines.Concat(File.ReadLines(file.FullName));
            using var writer = Cli.OpenOutput(parse.GetValue(output));
            var fmt = parse.GetValue(format)!;
            if (fmt == "csv") writer.WriteLine("input,ror,name,country,score,matched,listings,features");
            foreach (var line in lines)
            {
                var trace = parse.GetValue(explain) ? new List<string>() : null;
                var matches = resolver.Resolve(line, trace);
                switch (fmt)
                {
                    case "jsonl": writer.WriteLine(MatchJson.Serialize(line, matches)); break;
                    case "csv":
                        if (matches.Count == 0) writer.WriteLine($"{Csv(line)},,,,,,,");
                        foreach (var m in matches)
                            writer.WriteLine(string.Join(",", Csv(line), Csv(m.Ror), Csv(m.Name), Csv(m.Country ?? ""), m.Score.ToString("0.###"),
                                Csv(m.Matched), Csv(string.Join("; ", m.Listings.Select(ListingText))), Csv(FeatureText(m))));
                        break;
                    default:
                        writer.WriteLine(line);
                        foreach (var t in trace ?? []) writer.WriteLine("  ? " + t);
                        if (matches.Count == 0) writer.WriteLine("  (no confident match)");
                        foreach (var m in matches)
                        {
                            writer.WriteLine($"  {m.Score:0.00}  {(m.Ror.Length > 0 ? m.Ror : "(no ROR id)")}  {m.Name} [{m.Country}]  matched '{m.Matched}'");
                            writer.WriteLine($"        features: {FeatureText(m)}");
                            foreach (var l in m.Listings) writer.WriteLine($"        listed: {ListingText(l)}");
                        }
                        break;
                }
            }
            return Cli.Ok;
        });
        return command;
    }

    private static string FeatureText(InstitutionMatch m) => string.Join(" ", m.Features.Select(f => $"{f.Key}={f.Value:0.###}"));

    private static string ListingText(MatchedListing l) =>
        $"{l.Listing.List} ({l.Listing.Authority}{(l.Listing.Category is { } c ? ", " + c : "")}) since {l.Listing.Start?.ToString("yyyy-MM-dd") ?? "?"}"
        + (l.Listing.End is { } end ? $" until {end:yyyy-MM-dd}" : "") + $" via entry {l.EntryName}" + (l.ViaParent is { } p ? $" ({l.Relation ?? "unit of"} {p})" : "") + $" <{l.Listing.SourceUrl}>";

    private static string Csv(string s) => CollabScreen.Csv.Field(s);
}

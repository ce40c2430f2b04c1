using System.CommandLine;
using CollabScreen.Monitoring;
using CollabScreen.Storage;

namespace CollabScreen.Cli;

/// <summary>`collabscreen watch add|list|remove|run`: parses options and prints; the use cases are in CollabScreen.Monitoring.</summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var command = new Command("watch", """
            Watch an institution: screen it again and again, re-evaluate its stored findings when a list changes,
            and send an alert (webhook, email) with what changed: new, escalated, de-escalated, gone.
            See docs/monitoring.md.

            Examples:
              collabscreen watch add nudt --institution https://ror.org/05d2yfz11 --input works.jsonl --notify webhook:https://hooks.example.org/cs
              collabscreen watch run nudt
              collabscreen watch run --all
              collabscreen watch list
            """);
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Run());
        return command;
    }

    private static Command Add()
    {
        var command = new Command("add", "Add a watch. Its first run is the baseline; later runs alert on changes.");
        var name = new Argument<string>("NAME") { Description = "Letters, digits, '-', '_' and '.'" };
        var institution = new Option<string>("--institution") { Description = "ROR id, OpenAlex id or name of the watched institution", Required = true };
        var input = new Option<string[]>("--input") { Description = "Input file or directory (repeatable); read again when it changed", AllowMultipleArgumentsPerToken = true };
        var policy = new Option<string?>("--policy") { Description = "Severity policy file (default: the bundled policy)" };
        var notify = new Option<string[]>("--notify") { Description = "webhook:URL or email:ADDRESS (repeatable)" };
        var schedule = new Option<string?>("--schedule") { Description = "Cron expression (UTC, 5 fields) for `watch run --due` and schedulers" };
        var listsDir = new Option<string?>("--lists-dir") { Description = "Directory of imported and fetched lists (default: the lists directory of `lists update`)" };
        var db = RunsCommand.DbOption();
        command.Arguments.Add(name);
        foreach (var o in new Option[] { institution, input, policy, notify, schedule, listsDir, db }) command.Options.Add(o);
        command.SetAction(parse => Guard(() =>
        {
            var inputs = (parse.GetValue(input) ?? []).Select(Path.GetFullPath).ToList();
            if (inputs.Count == 0) throw new UsageException("watch add needs --input PATH (OpenAlex watches are not available yet)");
            foreach (var i in inputs)
                if (!File.Exists(i) && !Directory.Exists(i)) throw new UsageException($"--input {i}: no such file or directory");
            var targets = (parse.GetValue(notify) ?? []).Select(t =>
            {
                try { return NotifyTarget.Parse(t); }
                catch (FormatException e) { throw new UsageException($"--notify: {e.Message}"); }
            }).ToList();
            var cron = parse.GetValue(schedule);
            DateTimeOffset? due = null;
            if (cron is not null)
            {
                try { due = WatchScheduler.Next(cron, DateTimeOffset.UtcNow); }
                catch (FormatException e) { throw new UsageException($"--schedule: {e.Message}"); }
            }
            var policyPath = parse.GetValue(policy) is { } p ? Path.GetFullPath(p) : null;
            using var store = FindingStore.Open(parse.GetValue(db));
            var watch = new Watch(parse.GetValue(name)!, parse.GetValue(institution)!, inputs, targets)
            {
                Policy = policyPath, Schedule = cron, NextDue = due, ListsDirectory = parse.GetValue(listsDir) is { } l ? Path.GetFullPath(l) : null,
            };
            new WatchStore(store).Add(watch);
            Console.Out.WriteLine($"watch {watch.Name} added ({inputs.Count} input(s), {targets.Count} target(s){(cron is null ? "" : $", next due {due:yyyy-MM-dd HH:mm}Z")})");
            if (targets.Any(t => t.Kind == NotifyKind.Webhook))
                Console.Out.WriteLine($"webhook secret (HMAC-SHA256 key of X-CollabScreen-Signature): {watch.Secret}");
            return Cli.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the watches: institution, inputs, targets, schedule, last successful run, pending alerts.");
        var db = RunsCommand.DbOption();
        command.Options.Add(db);
        command.SetAction(parse => Guard(() =>
        {
            using var store = FindingStore.Open(parse.GetValue(db));
            var watches = new WatchStore(store);
            var o = Console.Out;
            o.WriteLine($"{"WATCH",-20} {"INSTITUTION",-30} {"LAST RUN",-9} {"SCHEDULE",-14} {"PENDING",7}  NOTIFY");
            foreach (var w in watches.List())
                o.WriteLine($"{w.Name,-20} {w.Institution,-30} {(w.LastSuccessRun is { } r ? "#" + r : "-"),-9} {w.Schedule ?? "-",-14} {watches.Alerts(w.Name, pendingOnly: true).Count,7}  {string.Join(", ", w.Notify)}");
            return Cli.Ok;
        }));
        return command;
    }

    private static Command Remove()
    {
        var command = new Command("remove", "Remove a watch with its alerts and history (the screening runs it stored stay).");
        var name = new Argument<string>("NAME");
        var db = RunsCommand.DbOption();
        command.Arguments.Add(name);
        command.Options.Add(db);
        command.SetAction(parse => Guard(() =>
        {
            using var store = FindingStore.Open(parse.GetValue(db));
            if (!new WatchStore(store).Remove(parse.GetValue(name)!)) throw new UsageException($"no watch named '{parse.GetValue(name)}' (see `collabscreen watch list`)");
            Console.Out.WriteLine($"watch {parse.GetValue(name)} removed");
            return Cli.Ok;
        }));
        return command;
    }

    private static Command Run()
    {
        var command = new Command("run", """
            Run a watch (or --all, or --due: those whose schedule says so, for cron or a systemd timer). Exit code 0 when every
            run finished and every alert was delivered, 1 otherwise (failed runs and undelivered alerts are recorded and
            retried on the next run).
            """);
        var name = new Argument<string?>("NAME") { Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Run every watch" };
        var due = new Option<bool>("--due") { Description = "Run the watches whose schedule is due" };
        var db = RunsCommand.DbOption();
        command.Arguments.Add(name);
        foreach (var o in new Option[] { all, due, db }) command.Options.Add(o);
        command.SetAction(parse => Guard(() =>
        {
            var one = parse.GetValue(name);
            if ((one is null ? 0 : 1) + (parse.GetValue(all) ? 1 : 0) + (parse.GetValue(due) ? 1 : 0) != 1)
                throw new UsageException("watch run takes one of NAME, --all or --due");
            using var store = FindingStore.Open(parse.GetValue(db));
            var watches = new WatchStore(store);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var notifiers = new List<IAlertNotifier> { new WebhookNotifier(http) };
            if (SmtpSettings.FromEnvironment() is { } smtp) notifiers.Add(new EmailNotifier(smtp));
            var runner = new WatchRunner(watches, notifiers, m => Console.Error.WriteLine(m));
            IReadOnlyList<WatchRunResult> results = parse.GetValue(due)
                ? new WatchScheduler(watches, runner).RunDueAsync(DateTimeOffset.UtcNow).GetAwaiter().GetResult()
                : (one is not null ? [one] : watches.List().Select(w => w.Name)).Select(n => runner.RunAsync(n).GetAwaiter().GetResult()).ToList();
            foreach (var r in results) Console.Out.WriteLine(Describe(r));
            return results.All(r => r.Status is WatchRunStatus.Finished or WatchRunStatus.NotDue && r.AlertsPending == 0) ? Cli.Ok : Cli.Failure;
        }));
        return command;
    }

    private static string Describe(WatchRunResult r) => r.Status switch
    {
        WatchRunStatus.Locked or WatchRunStatus.NotDue => $"{r.Watch}: {r.Message}",
        WatchRunStatus.Failed => $"{r.Watch}: FAILED: {r.Message} (the next run starts again from run #{r.PreviousRun?.ToString() ?? "-"})",
        _ => $"{r.Watch}: {r.Mode} run #{r.Run} ({r.WorksRead:N0} works read)" +
             (r.Diff is null ? "" : r.Diff.IsEmpty ? $"; no change against #{r.PreviousRun}"
                 : $"; against #{r.PreviousRun}: " + string.Join(", ", r.Diff.Changes.GroupBy(c => c.Kind).Select(g => $"{g.Count()} {WatchDiff.KindName(g.Key)}"))) +
             (r.AlertsDelivered + r.AlertsPending > 0 ? $"; alerts delivered {r.AlertsDelivered}, pending {r.AlertsPending}" : ""),
    };

    private static int Guard(Func<int> action)
    {
        try { return action(); }
        catch (UsageException e) { Console.Error.WriteLine($"collabscreen: {e.Message}"); return Cli.Usage; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            Console.Error.WriteLine($"collabscreen: {e.Message}");
            return Cli.Failure;
        }
    }
}

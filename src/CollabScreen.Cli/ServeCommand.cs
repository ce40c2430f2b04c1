using System.CommandLine;
using CollabScreen.Review;
using CollabScreen.Storage;
using CollabScreen.Web;

namespace CollabScreen.Cli;

/// <summary>`collabscreen serve`: the review workspace over a store (docs/web.md).</summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var command = new Command("serve", """
            Serve the review workspace: sign in, work through a run's findings as a team (confirm, dismiss with a
            reason, escalate, assign, comment), see diffs with decisions, and the hash-chained audit log. Decisions
            carry over to later runs. A JSON API (bearer tokens from `users token`) and /openapi/v1.json.

            Examples:
              collabscreen users add alice --role admin --password-stdin --db review.db
              collabscreen serve --db review.db                   # http://127.0.0.1:5080
              collabscreen serve --db postgres://cs:secret@db/cs --urls http://0.0.0.0:5080 --trusted-proxy 10.0.0.2
            """);
        var db = RunsCommand.DbOption();
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => DefaultUrls, HelpName = "URL" };
        var fourEyes = new Option<string>("--four-eyes")
        {
            Description = "Severities whose dismissal needs a second reviewer (comma list), or none",
            DefaultValueFactory = _ => "critical,high",
        };
        var proxies = new Option<string[]>("--trusted-proxy")
        {
            Description = "Address of a reverse proxy whose X-Forwarded-For/-Proto headers to trust (loopback is trusted)",
            AllowMultipleArgumentsPerToken = true,
        };
        command.Options.Add(db);
        command.Options.Add(urls);
        command.Options.Add(fourEyes);
        command.Options.Add(proxies);
        command.SetAction(parse =>
        {
            var dbValue = parse.GetValue(db);
            using (var store = FindingStore.Open(dbValue))
            {
                if (new UserDirectory(store).List().Count == 0)
                    Console.Error.WriteLine("serve: no accounts yet; create the first admin with `collabscreen users add NAME --role admin --password-stdin" +
                        (dbValue is null ? "" : $" --db {dbValue}") + "`");
                Console.Error.WriteLine($"serve: {store.Location.Description}, listening on {parse.GetValue(urls)}");
            }
            string[] args =
            [
                "--urls", parse.GetValue(urls)!,
                "--CollabScreen:Db", dbValue ?? StoreLocation.DefaultSqlitePath,
                "--CollabScreen:FourEyes", parse.GetValue(fourEyes)!,
                "--CollabScreen:TrustedProxies", string.Join(",", parse.GetValue(proxies) ?? []),
            ];
            ReviewHost.Build(args).Run();
            return Cli.Ok;
        });
        return command;
    }
}

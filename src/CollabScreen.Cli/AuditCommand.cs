using System.CommandLine;
using CollabScreen.Review;
using CollabScreen.Storage;

namespace CollabScreen.Cli;

/// <summary>`collabscreen audit verify`: recomputes the review audit log's hash chain.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", """
            The review workspace's append-only, hash-chained audit log (docs/web.md).

            Example:
              collabscreen audit verify --db review.db
            """);
        var verify = new Command("verify", """
            Recompute the audit log's hash chain: every row's hash covers the row and the previous row's hash, so
            an edited, inserted or removed row breaks it. Exit 0 when intact, 1 when broken (the first bad row is named).
            """);
        var db = RunsCommand.DbOption();
        verify.Options.Add(db);
        verify.SetAction(parse =>
        {
            using var store = FindingStore.OpenExisting(parse.GetValue(db));
            var result = new AuditLog(store).Verify();
            if (result.Intact)
            {
                Console.WriteLine($"audit: intact, {result.Rows} rows");
                return Cli.Ok;
            }
            Console.WriteLine($"audit: BROKEN at {result.Problem}");
            return Cli.Failure;
        });
        command.Subcommands.Add(verify);
        return command;
    }
}

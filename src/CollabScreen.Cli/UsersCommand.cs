using System.CommandLine;
using System.Security.Cryptography;
using CollabScreen.Review;
using CollabScreen.Storage;

namespace CollabScreen.Cli;

/// <summary>`collabscreen users add|list|disable|token`: review accounts in the store.</summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", """
            Manage review workspace accounts (admin, reviewer, viewer) and their API tokens (docs/web.md).

            Examples:
              printf '%s\n' "$PASSWORD" | collabscreen users add ada --role admin --password-stdin --db review.db
              collabscreen users list --db review.db
              collabscreen users token ann --db review.db
            """);
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Disable());
        command.Subcommands.Add(Token());
        return command;
    }

    private static Command Add()
    {
        var command = new Command("add", """
            Add an account. Roles: admin (also manages accounts), reviewer (decides), viewer (reads).
            Without --password-stdin a random password is generated and printed once.

            Examples:
              printf '%s' "$PASSWORD" | collabscreen users add alice --role admin --password-stdin
              collabscreen users add bob --role reviewer
            """);
        var name = new Argument<string>("NAME") { Description = "Login name: letters, digits, . - _ @" };
        var role = new Option<string>("--role") { Description = "admin|reviewer|viewer", Required = true };
        role.AcceptOnlyFromAmong("admin", "reviewer", "viewer");
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password (10+ characters) from standard input" };
        var db = RunsCommand.DbOption();
        command.Arguments.Add(name);
        command.Options.Add(role);
        command.Options.Add(stdin);
        command.Options.Add(db);
        command.SetAction(parse => Guard(() =>
        {
            string password;
            var generated = !parse.GetValue(stdin);
            if (generated) password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15));
            else password = (Console.In.ReadLine() ?? "").TrimEnd('\r', '\n');
            using var store = FindingStore.Open(parse.GetValue(db));
            var user = new UserDirectory(store).Add(parse.GetValue(name)!, UserDirectory.ParseRole(parse.GetValue(role))!.Value, password);
            Console.Error.WriteLine($"users: added {user.Name} ({UserDirectory.RoleName(user.Role)}) in {store.Location.Description}");
            if (generated) Console.WriteLine(password); // shown once; not stored
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List accounts: name, role, state, created.");
        var db = RunsCommand.DbOption();
        command.Options.Add(db);
        command.SetAction(parse => Guard(() =>
        {
            using var store = FindingStore.Open(parse.GetValue(db));
            foreach (var u in new UserDirectory(store).List())
                Console.WriteLine($"{u.Name}\t{UserDirectory.RoleName(u.Role)}\t{(u.Disabled ? "disabled" : u.LockedUntil > DateTimeOffset.UtcNow ? "locked" : "active")}\t{u.Created:yyyy-MM-dd}");
        }));
        return command;
    }

    private static Command Disable()
    {
        var command = new Command("disable", "Disable an account: it cannot sign in, its sessions end and its tokens are revoked.");
        var name = new Argument<string>("NAME");
        var db = RunsCommand.DbOption();
        command.Arguments.Add(name);
        command.Options.Add(db);
        command.SetAction(parse => Guard(() =>
        {
            using var store = FindingStore.Open(parse.GetValue(db));
            new UserDirectory(store).Disable(parse.GetValue(name)!);
            Console.Error.WriteLine($"users: disabled {parse.GetValue(name)}");
        }));
        return command;
    }

    private static Command Token()
    {
        var command = new Command("token", "Issue a personal API token (Authorization: Bearer TOKEN), printed once; only its hash is stored.");
        var name = new Argument<string>("NAME");
        var db = RunsCommand.DbOption();
        command.Arguments.Add(name);
        command.Options.Add(db);
        command.SetAction(parse => Guard(() =>
        {
            using var store = FindingStore.Open(parse.GetValue(db));
            Console.WriteLine(new UserDirectory(store).IssueToken(parse.GetValue(name)!));
        }));
        return command;
    }

    internal static int Guard(Action action)
    {
        try { action(); return Cli.Ok; }
        catch (ReviewException e)
        {
            Console.Error.WriteLine($"collabscreen: {e.Message}");
            return e.Error == ReviewError.Invalid ? Cli.Usage : Cli.Failure;
        }
    }
}

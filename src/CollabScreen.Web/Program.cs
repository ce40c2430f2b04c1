namespace CollabScreen.Web;

/// <summary>Runs the review workspace on its own (`collabscreen serve` is the usual way in).</summary>
public sealed class Program
{
    public static void Main(string[] args) => ReviewHost.Build(args).Run();
}

namespace CollabScreen.Tests;

/// <summary>Paths into ../shared/data (beside the checkout), found from the test binary's location.</summary>
public static class SharedData
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>The repository root (holds CollabScreen.slnx).</summary>
    public static string RepoRoot { get; } = FindRepo();

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "CollabScreen.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    private static string FindRoot()
    {
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(FindRepo(), "..", "shared", "data"));
        if (!Directory.Exists(root)) throw new InvalidOperationException($"shared data not found at {root}; CI and developers keep ../shared beside the checkout");
        return root;
    }
}

namespace CollabScreen;

/// <summary>Finds the curated reference data (data/ in the repo, copied beside the binaries at build time).</summary>
public static class BundledData
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, "data");
        if (Directory.Exists(beside)) return beside;
        // Running from a source tree without a copy: walk up to the repository's data/.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "data");
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CollabScreen.slnx")) && Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException($"bundled data directory not found beside {AppContext.BaseDirectory}; reinstall or rebuild CollabScreen");
    }
}

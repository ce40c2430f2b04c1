namespace CollabScreen.Sources;

/// <summary>How far a works stream has got: works so far of <see cref="Total"/> (OpenAlex's meta.count), pages fetched and cached.</summary>
public readonly record struct OpenAlexApiProgress(long Works, long? Total, int Pages, int PagesFromCache);

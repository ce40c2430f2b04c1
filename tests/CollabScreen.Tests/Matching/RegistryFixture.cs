using CollabScreen.Matching;
using CollabScreen.Reference;

namespace CollabScreen.Tests.Matching;

/// <summary>The shared ROR file loaded once for every test that needs it, with resolvers over it and over the watchlists alone.</summary>
public sealed class RegistryFixture
{
    public RorRegistry Registry { get; } = RorRegistry.Load(SharedData.Path("ror/ror-records.jsonl.gz"));
    public Watchlists Lists { get; } = Watchlists.LoadBundled();
    public AffiliationResolver Resolver { get; }
    public AffiliationResolver ListsOnly { get; }

    public RegistryFixture()
    {
        Resolver = new AffiliationResolver(Registry, Lists);
        ListsOnly = new AffiliationResolver(null, Lists);
        _places = new Places(Registry);
    }

    private readonly Places _places;
    public bool IsPlace(string token) => _places.Get(token) is not null;

    /// <summary>Short ROR ids of what the registry resolver returns for a string.</summary>
    public string[] Rors(string raw) => Resolver.Resolve(raw).Select(m => RorRegistry.ShortId(m.Ror)).ToArray();
}

[CollectionDefinition("Registry")]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>;

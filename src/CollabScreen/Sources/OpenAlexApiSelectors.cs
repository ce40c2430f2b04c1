using System.Text.RegularExpressions;

namespace CollabScreen.Sources;

public enum InstitutionRefKind { Ror, OpenAlexId, Name }

/// <summary>
/// An institution as the user named it: a ROR id (<c>05d2yfz11</c>, <c>https://ror.org/05d2yfz11</c>), an
/// OpenAlex id (<c>I82880672</c>, <c>https://openalex.org/I82880672</c>), or otherwise a name, which must be
/// resolved through <c>/institutions?search=</c> before it can select works.
/// </summary>
public sealed partial record OpenAlexInstitutionRef(InstitutionRefKind Kind, string Value)
{
    public static OpenAlexInstitutionRef Parse(string text)
    {
        var t = text.Trim();
        if (t.Length == 0) throw new FormatException("institution: empty; give a ROR id, an OpenAlex id (I...) or a name");
        var ror = RorPattern().Match(t);
        if (ror.Success) return new(InstitutionRefKind.Ror, ror.Groups[1].Value.ToLowerInvariant());
        var id = OpenAlexIdPattern().Match(t);
        if (id.Success) return new(InstitutionRefKind.OpenAlexId, "I" + id.Groups[1].Value);
        return new(InstitutionRefKind.Name, t);
    }

    public override string ToString() => Kind switch
    {
        InstitutionRefKind.Ror => "https://ror.org/" + Value,
        InstitutionRefKind.OpenAlexId => "https://openalex.org/" + Value,
        _ => $"\"{Value}\"",
    };

    // ROR ids: '0', six base-32 characters (Crockford, no i/l/o/u), two checksum digits.
    [GeneratedRegex(@"^(?:https?://)?(?:ror\.org/)?(0[0-9a-hjkmnp-tv-z]{6}[0-9]{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex RorPattern();

    [GeneratedRegex(@"^(?:https?://openalex\.org/)?[Ii](\d+)$")]
    private static partial Regex OpenAlexIdPattern();
}

public enum AuthorRefKind { Orcid, OpenAlexId }

/// <summary>An author as an ORCID (<c>0000-0002-1825-0097</c>, with or without https://orcid.org/) or an OpenAlex id (<c>A5023888391</c>).</summary>
public sealed partial record OpenAlexAuthorRef(AuthorRefKind Kind, string Value)
{
    /// <exception cref="FormatException">Neither an ORCID nor an OpenAlex author id.</exception>
    public static OpenAlexAuthorRef Parse(string text)
    {
        var t = text.Trim();
        var orcid = OrcidPattern().Match(t);
        if (orcid.Success) return new(AuthorRefKind.Orcid, orcid.Groups[1].Value.ToUpperInvariant());
        var id = OpenAlexIdPattern().Match(t);
        if (id.Success) return new(AuthorRefKind.OpenAlexId, "A" + id.Groups[1].Value);
        throw new FormatException($"author '{text}': not an ORCID (0000-0002-1825-0097) or an OpenAlex author id (A5023888391)");
    }

    public override string ToString() => Kind == AuthorRefKind.Orcid ? "https://orcid.org/" + Value : "https://openalex.org/" + Value;

    [GeneratedRegex(@"^(?:https?://)?(?:orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])$", RegexOptions.IgnoreCase)]
    private static partial Regex OrcidPattern();

    [GeneratedRegex(@"^(?:https?://openalex\.org/)?[Aa](\d+)$")]
    private static partial Regex OpenAlexIdPattern();
}

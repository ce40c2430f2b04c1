using CollabScreen.Model;

namespace CollabScreen.Datasets;

/// <summary>Independent check of a mention: the text at its place in the field is one of its dataset's registry names.</summary>
public static class MentionAudit
{
    /// <summary>Null when the mention is backed by the text; otherwise why not.</summary>
    public static string? Problem(DatasetRegistry registry, Work work, string? fullText, string datasetId, DatasetMention m)
    {
        var text = m.Field switch
        {
            "title" => work.Title,
            "abstract" => work.Abstract,
            "keywords" => string.Join("; ", work.Keywords.Select(k => k.Name)),
            "fulltext" => fullText,
            _ => null,
        };
        if (text is null || m.Start < 0 || m.Start + m.Length > text.Length) return $"{m.Field}: no such place {m.Start}+{m.Length}";
        var at = text.Substring(m.Start, m.Length);
        if (at != m.Text) return $"{m.Field}: text at {m.Start} is '{at}', not '{m.Text}'";
        var r = registry.Get(datasetId);
        if (r is null) return $"dataset '{datasetId}' is not in the registry";
        var key = DatasetRegistry.Key(at);
        var names = r.Aliases.Append(r.Name).Concat(r.ContextAliases.Select(c => c.Text)).Select(DatasetRegistry.Key);
        if (!names.Contains(key)) return $"{m.Field}: '{at}' is not a name of {r.Id}";
        var before = m.Start > 0 ? text[m.Start - 1] : ' ';
        var after = m.Start + m.Length < text.Length ? text[m.Start + m.Length] : ' ';
        if (char.IsLetterOrDigit(before) || char.IsLetterOrDigit(after)) return $"{m.Field}: '{at}' at {m.Start} is inside a longer word";
        return null;
    }
}

using System.Text.Json;

namespace CollabScreen.Datasets;

/// <summary>
/// Writes one <see cref="DatasetHit"/> as the public JSON object used in `classify` and `screen` output:
/// {"dataset","name","via","status","withdrawn","parent","evidence",...} plus "status_at_publication", "context",
/// "kind", "derived_from_withdrawn", "matched" (the names as written) and "cited_works".
/// </summary>
public static class DatasetHitJson
{
    public static void Write(Utf8JsonWriter w, DatasetHit hit)
    {
        w.WriteStartObject();
        w.WriteString("dataset", hit.Dataset);
        w.WriteString("name", hit.Name);
        w.WriteString("via", hit.Via);
        w.WriteString("status", hit.Status);
        NullableString(w, "withdrawn", hit.Withdrawn);
        NullableString(w, "parent", hit.Parent);
        w.WriteStartArray("evidence");
        foreach (var e in hit.Evidence) w.WriteStringValue(e);
        w.WriteEndArray();
        NullableString(w, "status_at_publication", hit.StatusAtPublication);
        w.WriteString("context", hit.Context);
        w.WriteString("kind", hit.Kind);
        NullableString(w, "derived_from_withdrawn", hit.DerivedFromWithdrawn);
        if (hit.Mentions.Count > 0)
        {
            w.WriteStartArray("matched");
            foreach (var m in hit.Mentions.Select(m => m.Text).Distinct()) w.WriteStringValue(m);
            w.WriteEndArray();
        }
        if (hit.CitedWorks.Count > 0)
        {
            w.WriteStartArray("cited_works");
            foreach (var c in hit.CitedWorks) w.WriteStringValue(c);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void NullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }
}

using System.Text.Json;

namespace CollabScreen;

/// <summary>A field of one record is missing or malformed; loaders report it as FILE:LINE: field 'F' and go on.</summary>
public sealed class FieldException(string? field, string message) : Exception(message)
{
    public string? Field { get; } = field;
}

/// <summary>Typed reads of one JSON record's fields, failing with a <see cref="FieldException"/> that names the field.</summary>
public static class JsonFields
{
    public static string? Str(JsonElement o, string name, bool required = false)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return required ? throw new FieldException(name, "missing; every record needs it") : null;
        if (v.ValueKind != JsonValueKind.String) throw new FieldException(name, $"expected a string, found {v.ValueKind}");
        var s = v.GetString()!;
        if (required && s.Length == 0) throw new FieldException(name, "empty; every record needs it");
        return s.Length == 0 ? null : s;
    }

    /// <summary>An array of strings (empty ones and case-insensitive repeats dropped); missing or null is an empty list.</summary>
    public static IReadOnlyList<string> Strs(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw new FieldException(name, "expected an array of strings");
        return v.EnumerateArray()
            .Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new FieldException(name, "expected strings only"))
            .Where(x => x.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}

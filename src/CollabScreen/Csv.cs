namespace CollabScreen;

/// <summary>
/// RFC 4180 output: quotes a field only when it holds a comma, quote or line break. A cell that a spreadsheet
/// would run as a formula (it starts with =, +, -, @, tab or CR: CSV injection) gets OWASP's leading apostrophe,
/// so opening an export of untrusted titles and affiliations cannot execute anything. Numbers stay as they are.
/// Turn it off with the global `--csv-formulas` option (see docs/limits.md) when a program, not a person, reads the file.
/// </summary>
public static class Csv
{
    /// <summary>Neutralise formula-like cells (the default).</summary>
    public static bool NeutraliseFormulas { get; set; } = true;

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (NeutraliseFormulas && LooksLikeFormula(value)) value = "'" + value;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>Starts with a character that makes a spreadsheet evaluate the cell, and is not simply a number.</summary>
    public static bool LooksLikeFormula(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
        && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    public static void WriteRow(TextWriter writer, params string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) writer.Write(',');
            writer.Write(Field(fields[i]));
        }
        writer.Write('\n');
    }
}

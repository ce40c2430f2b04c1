using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace CollabScreen.Storage;

/// <summary>The few places where the two dialects bind or read values differently: JSON and time.</summary>
internal static class Db
{
    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }

    /// <summary>PostgreSQL's json columns do not take text parameters; SQLite stores the text as is.</summary>
    public static DbParameter AddJson(DbCommand command, StoreDialect dialect, string name, string? json)
    {
        var p = Add(command, name, json);
        if (p is NpgsqlParameter np) np.NpgsqlDbType = NpgsqlDbType.Json;
        return p;
    }

    /// <summary>SQLite: ISO 8601 UTC text (sorts as time). PostgreSQL: timestamptz, which takes UTC only.</summary>
    public static DbParameter AddTime(DbCommand command, StoreDialect dialect, string name, DateTimeOffset? time)
    {
        var utc = time?.ToUniversalTime();
        return dialect == StoreDialect.Sqlite
            ? Add(command, name, utc?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture))
            : Add(command, name, utc);
    }

    public static DateTimeOffset? Time(DbDataReader reader, int ordinal, StoreDialect dialect)
    {
        if (reader.IsDBNull(ordinal)) return null;
        return dialect == StoreDialect.Sqlite
            ? DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();
    }

    public static string? String(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? Long(object? value) => value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public static long? Long(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}

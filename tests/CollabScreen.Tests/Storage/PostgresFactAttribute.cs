using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CollabScreen.Tests.Storage;

/// <summary>
/// The live PostgreSQL the storage tests use: the Npgsql connection string in COLLABSCREEN_TEST_POSTGRES
/// (CI sets it; see .ci/postgres.sh). Without it, PostgreSQL tests are reported as skipped, never passed.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "COLLABSCREEN_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static string SkipReason => $"{Variable} is not set (an Npgsql connection string; `source .ci/postgres.sh && start_postgres` sets it)";

    /// <summary>A fresh schema for one test; the returned connection string has it as search path.</summary>
    public static string CreateSchema(out string schema)
    {
        schema = "cs_test_" + Guid.NewGuid().ToString("N")[..16];
        var cs = ConnectionString ?? throw new InvalidOperationException(SkipReason);
        Execute(cs, $"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(cs) { SearchPath = schema }.ConnectionString;
    }

    public static void DropSchema(string schema) => Execute(ConnectionString!, $"DROP SCHEMA IF EXISTS {schema} CASCADE");

    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>A fact that needs the live PostgreSQL; skipped (visibly) when COLLABSCREEN_TEST_POSTGRES is unset.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.ConnectionString is null) Skip = TestPostgres.SkipReason;
    }
}

/// <summary>Marks a test class whose [StoreFact]s run against PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PostgresTestsAttribute : Attribute;

/// <summary>
/// A fact of the storage contract suite, written once in a base class and run by one subclass per dialect.
/// In a [PostgresTests] class it is skipped when COLLABSCREEN_TEST_POSTGRES is unset.
/// </summary>
[XunitTestCaseDiscoverer("CollabScreen.Tests.Storage.StoreFactDiscoverer", "CollabScreen.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = options.MethodDisplayOrDefault();
        var displayOptions = options.MethodDisplayOptionsOrDefault();
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(PostgresTestsAttribute)).Any();
        if (needsPostgres && TestPostgres.ConnectionString is null)
            return [new XunitSkippedDataRowTestCase(diagnostics, display, displayOptions, testMethod, TestPostgres.SkipReason)];
        return [new XunitTestCase(diagnostics, display, displayOptions, testMethod)];
    }
}

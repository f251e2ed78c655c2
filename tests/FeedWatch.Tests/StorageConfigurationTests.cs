using FeedWatch.Cli;
using FeedWatch.Configuration;
using FeedWatch.Storage;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace FeedWatch.Tests;

/// <summary>FeedWatch:Storage: SQLite or PostgreSQL, the connection string, the password file, and the password never shown.</summary>
public sealed class StorageConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("feedwatch-storage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private FeedWatchSettings Load(object storage)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { FeedWatch = new { Storage = storage } });
        var root = new ConfigurationBuilder().AddJsonFile(Write("c.json", json)).Build();
        return FeedWatchSettings.Resolve(ConfigurationLoader.Bind(root), _dir, _dir);
    }

    [Fact]
    public void PostgreSql_without_a_connection_string_is_an_error_naming_the_key_with_an_example()
    {
        var settings = Load(new { Provider = "PostgreSql" });

        var error = Assert.Single(settings.Errors);
        Assert.StartsWith("FeedWatch:Storage:ConnectionString is empty", error, StringComparison.Ordinal);
        Assert.Contains("Host=db;Database=feedwatch;Username=feedwatch", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_with_a_connection_string_and_a_password_file_is_valid()
    {
        var secret = Write("pg-password", "s3cret\n");

        var settings = Load(new { Provider = "PostgreSql", ConnectionString = "Host=db;Database=feedwatch;Username=feedwatch", PasswordFile = secret });

        Assert.Empty(settings.Errors);
    }

    [Fact]
    public void A_password_file_that_does_not_exist_is_an_error_naming_the_key_and_the_path()
    {
        var settings = Load(new { Provider = "PostgreSql", ConnectionString = "Host=db;Database=feedwatch;Username=feedwatch", PasswordFile = "/run/secrets/not-there" });

        var error = Assert.Single(settings.Errors);
        Assert.StartsWith("FeedWatch:Storage:PasswordFile \"/run/secrets/not-there\" does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_the_connection_string_and_a_password_file_are_one_way_too_many()
    {
        var secret = Write("pg-password", "s3cret");

        var settings = Load(new { Provider = "PostgreSql", ConnectionString = "Host=db;Database=feedwatch;Username=feedwatch;Password=other", PasswordFile = secret });

        var error = Assert.Single(settings.Errors);
        Assert.Contains("FeedWatch:Storage:ConnectionString has a Password and FeedWatch:Storage:PasswordFile is set; keep one", error, StringComparison.Ordinal);
        Assert.DoesNotContain("other", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Server=db;Colour=blue;Password=hunter2")]
    [InlineData("Database=feedwatch;Password=hunter2")]
    public void A_connection_string_that_is_not_usable_is_an_error_that_does_not_repeat_its_password(string connectionString)
    {
        var settings = Load(new { Provider = "PostgreSql", ConnectionString = connectionString });

        var error = Assert.Single(settings.Errors);
        Assert.StartsWith("FeedWatch:Storage:ConnectionString ", error, StringComparison.Ordinal);
        Assert.Contains("Host=db;Database=feedwatch;Username=feedwatch", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_with_the_Sqlite_provider_is_a_warning_that_it_is_not_used()
    {
        var settings = Load(new { ConnectionString = "Host=db;Database=feedwatch" });

        Assert.Empty(settings.Errors);
        Assert.Contains(settings.Warnings, w => w.StartsWith("FeedWatch:Storage:ConnectionString and FeedWatch:Storage:PasswordFile are for Provider PostgreSql", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_provider_is_an_error_naming_the_key_and_the_providers_there_are()
    {
        var settings = Load(new { Provider = "Oracle" });

        Assert.Contains(settings.Errors, e => e.Contains("'FeedWatch:Storage:Provider'", StringComparison.Ordinal) && e.EndsWith("Write one of: Sqlite, PostgreSql.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_password_file_becomes_the_connections_password_and_FeedWatch_its_application_name()
    {
        var secret = Write("pg-password", "  s3cret pass\n");

        var connection = new NpgsqlConnectionStringBuilder(PostgresFeedStore.ConnectionStringOf(new StorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = "Host=db;Database=feedwatch;Username=feedwatch",
            PasswordFile = secret,
        }));

        Assert.Equal(("db", "feedwatch", "feedwatch", "s3cret pass", "FeedWatch"), (connection.Host, connection.Database, connection.Username, connection.Password, connection.ApplicationName));
    }

    [Theory]
    [InlineData("Host=db;Database=feedwatch;Username=feedwatch;Password=s3cret-Pa55", "Password=***")]
    [InlineData("Host=db;Database=feedwatch;Username=feedwatch;Password='s3cret;Pa55'", "Password=***")]
    [InlineData("Host=db;PWD = s3cret-Pa55;Database=feedwatch", "PWD=***")]
    public void Check_config_shows_the_connection_string_with_its_password_redacted(string connectionString, string redacted)
    {
        var config = Write("pg.json", System.Text.Json.JsonSerializer.Serialize(new { FeedWatch = new { Storage = new { Provider = "PostgreSql", ConnectionString = connectionString } } }));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = CheckConfigCommand.Run(["--config", config], stdout, stderr);

        Assert.Equal(0, code);
        Assert.DoesNotContain("s3cret", stdout.ToString() + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Pa55", stdout.ToString() + stderr, StringComparison.Ordinal);
        Assert.Contains(redacted, stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("Database:       PostgreSQL, Host=db;", stdout.ToString(), StringComparison.Ordinal);
    }
}

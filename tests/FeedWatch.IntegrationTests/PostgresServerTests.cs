using System.Net.Sockets;

namespace FeedWatch.IntegrationTests;

/// <summary>The test fixture itself: a PostgreSQL server of the test run's own, a fresh database for each test.</summary>
[Collection(UsesPostgres.Name)]
public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task The_server_listens_on_the_loopback_interface_and_each_test_gets_a_database_of_its_own()
    {
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", server.Port);
            Assert.True(client.Connected);
        }
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        Assert.NotEqual(first, second);
        Assert.StartsWith("Host=127.0.0.1;", first, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(server.SocketDirectory, $".s.PGSQL.{server.Port}")));
    }
}

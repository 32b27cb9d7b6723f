using System.Net;
using System.Net.Sockets;
using Dapper;
using Npgsql;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests;

/// <summary>What the web tests' fixtures share about the <c>outcomes serve</c> process they start.</summary>
internal static class ServeProcess
{
    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="server"/> serves the sign-in page at <paramref name="baseUrl"/> (at most 3 minutes).</summary>
    public static async Task WaitUntilServingAsync(CliProcess server, string baseUrl)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException("outcomes serve ended before it served the pages:\n" + server.Output + server.Errors);
            }

            try
            {
                if ((await client.GetAsync(baseUrl + "/sign-in", deadline.Token)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException("outcomes serve did not serve the sign-in page within 3 minutes:\n" + server.Output + server.Errors);
            }
            catch (TaskCanceledException)
            {
                // One request over the client's 5 s (the first compiles the page, slow on a loaded machine): ask again.
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    /// <summary>
    /// A fixture's end: stops <paramref name="server"/>, drops the fixture's database, then the logins it made (roles
    /// belong to the cluster, not the database) and its folder.
    /// </summary>
    public static async Task TearDownAsync(CliProcess? server, TestDatabase database, IEnumerable<string> logins, string folder)
    {
        if (server is not null)
        {
            await server.StopAsync(TimeSpan.FromSeconds(30));
            server.Dispose();
        }

        await database.DisposeAsync();
        await using (var admin = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync()))
        {
            await admin.OpenAsync();
            foreach (var login in logins)
            {
                var drop = await admin.ExecuteScalarAsync<string>("select format('drop role if exists %I', @Login::text)", new { Login = login });
                await admin.ExecuteAsync(drop!);
            }
        }

        Directory.Delete(folder, recursive: true);
    }
}

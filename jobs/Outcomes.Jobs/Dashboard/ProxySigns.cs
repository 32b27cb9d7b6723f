using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Outcomes.Jobs.Dashboard;

/// <summary>
/// The request headers by which a proxy, load balancer or CDN says it forwarded a request. A request carrying any of
/// them came from somewhere else, whatever address it arrived from.
/// </summary>
public static class ProxySigns
{
    private const string ForwardedPrefix = "X-Forwarded-";

    // RFC 7239, the de facto X-Forwarded-* family (matched by prefix), and the client-address headers of common
    // proxies and CDNs (nginx's X-Real-IP, Akamai's and Cloudflare's True-Client-IP, Cloudflare, Fastly, Envoy).
    private static readonly FrozenSet<string> Headers = new[]
    {
        "Forwarded", "Via", "X-Real-IP", "X-Client-IP", "Client-IP", "True-Client-IP", "CF-Connecting-IP",
        "Fastly-Client-IP", "X-Cluster-Client-IP", "X-ProxyUser-Ip", "X-Envoy-External-Address", "X-Original-For",
        "X-Original-Host", "X-Original-Proto", "X-Original-URL", "X-Rewrite-URL",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name of the first forwarding header of the request, or null when it carries none.</summary>
    public static string? Find(IHeaderDictionary headers)
    {
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith(ForwardedPrefix, StringComparison.OrdinalIgnoreCase) || Headers.Contains(name))
            {
                return name;
            }
        }

        return null;
    }
}

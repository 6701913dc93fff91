namespace FlowGate.Routing.Sessions;

/// <summary>
/// How sticky bindings are keyed: sessions compared exactly, route names ignoring case (as routes are resolved). Shared
/// by the sticky table and anything that mirrors its keys, such as a shared store's record of what it broadcast.
/// </summary>
internal sealed class SessionRouteComparer : IEqualityComparer<(string Session, string Route)>
{
    public static readonly SessionRouteComparer Instance = new();

    public bool Equals((string Session, string Route) x, (string Session, string Route) y) =>
        string.Equals(x.Session, y.Session, StringComparison.Ordinal) &&
        string.Equals(x.Route, y.Route, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode((string Session, string Route) obj) =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.Session), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Route));
}

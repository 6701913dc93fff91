namespace FlowGate.Routing.Redis.Tests.Support;

/// <summary>Disposes a set of replicas together.</summary>
internal static class Replicas
{
    public static async Task DisposeAllAsync(IEnumerable<Replica> replicas)
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }
}

namespace FlowGate.TestUtils;

/// <summary>
/// A clock that moves only when told to. Microsoft.Extensions.TimeProvider.Testing is not served by the package
/// registry here, so this is the small part of it the tests need.
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

using System.Collections.Immutable;
using System.Globalization;

namespace FlowGate.Routing.Rewriting;

/// <summary>Collects <see cref="AppliedRewrite"/> entries without growing a list per request.</summary>
internal sealed class AppliedLog
{
    private AppliedRewrite[] _entries = new AppliedRewrite[8];
    private int _count;

    public void Reset()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
    }

    public void Add(RewriteAction action, string path, string? value)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        _entries[_count++] = new AppliedRewrite(action, path, value);
    }

    public void Add(RewriteAction action, string path, int value) =>
        Add(action, path, value.ToString(CultureInfo.InvariantCulture));

    public ValueArray<AppliedRewrite> ToValueArray() => new(ImmutableArray.Create(_entries.AsSpan(0, _count)));
}

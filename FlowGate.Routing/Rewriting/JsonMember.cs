using System.Text.Json;

namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Where one member of a JSON object sits in the body. <see cref="Kind"/> is <see cref="JsonTokenType.None"/> for a
/// member that is absent, so <see langword="default"/> means "not there".
/// </summary>
internal struct JsonMember
{
    /// <summary>The offset of the opening quote of the member's name.</summary>
    public int NameStart;

    /// <summary>The offset of the value's first byte.</summary>
    public int ValueStart;

    /// <summary>The offset one past the value's last byte.</summary>
    public int ValueEnd;

    /// <summary>The value's first token.</summary>
    public JsonTokenType Kind;

    /// <summary>The value when <see cref="Kind"/> is a number; infinite when it is beyond the range of a double.</summary>
    public double Number;

    /// <summary>The index into the drop list of the name that removes this member, or -1.</summary>
    public int DropIndex;

    /// <summary>Whether the member is left out of the output (dropped, or thinking removed by step 5).</summary>
    public bool Removed;

    public readonly bool Exists => Kind != JsonTokenType.None;

    public readonly bool IsNumber => Kind == JsonTokenType.Number;

    public readonly bool IsObject => Kind == JsonTokenType.StartObject;

    /// <summary>Whether an object may be put in its place: an object is edited, a <c>null</c> replaced.</summary>
    public readonly bool CanHoldObject => Kind is JsonTokenType.StartObject or JsonTokenType.Null;
}

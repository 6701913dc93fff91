using System.Text.Json.Serialization;

namespace FlowGate.Routing.Redis.Sharing;

/// <summary>The wire format of <see cref="StateMessage"/> (source-generated: no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(StateMessage))]
internal sealed partial class StateMessageJson : JsonSerializerContext;

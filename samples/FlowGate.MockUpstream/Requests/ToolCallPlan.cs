namespace FlowGate.MockUpstream.Requests;

/// <summary>A tool call the mock will answer with: the tool's name and its arguments as a JSON object text.</summary>
internal sealed record ToolCallPlan(string Name, string ArgumentsJson);

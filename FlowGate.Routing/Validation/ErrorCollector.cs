namespace FlowGate.Routing.Validation;

/// <summary>Collects errors without stopping at the first, with small helpers for the common checks.</summary>
internal sealed class ErrorCollector
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public void Add(string path, string message) => _errors.Add(new ConfigError(path, message));

    public void RequireName(string path, string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            Add(path, $"{what} must not be empty.");
        }
    }

    public void RequirePositive(string path, int? value)
    {
        if (value is <= 0)
        {
            Add(path, $"must be greater than 0, not {value}.");
        }
    }

    public void RequireKnown(string path, string name, string what, ICollection<string> known)
    {
        if (!known.Contains(name))
        {
            Add(path, $"unknown {what} '{name}'{NameSuggestions.DidYouMeanSuffix(name, known)}.");
        }
    }

    public static string Key(string name) => "[\"" + name.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";
}

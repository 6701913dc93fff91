namespace FlowGate.Routing.Upgrades;

/// <summary>The kind of value a <see cref="RequestFeature"/> has, which decides the operators it takes.</summary>
internal enum FeatureValueKind
{
    /// <summary>A count or token number; an absent optional number (no <c>max_tokens</c>) meets only <c>!=</c> and <c>not_in</c>.</summary>
    Number,

    /// <summary>True or false.</summary>
    Boolean,

    /// <summary>Text, compared ignoring case.</summary>
    Text,
}

namespace FlowGate.Config.Toml;

/// <summary>How a table came to exist, which decides what may still add to it (TOML's redefinition rules).</summary>
internal enum TomlTableKind
{
    /// <summary>Created as a parent by a header such as <c>[a.b]</c>; a later <c>[a]</c> or dotted key may still define it.</summary>
    Implicit,

    /// <summary>Defined by its own <c>[header]</c> or <c>[[header]]</c>; only its own section adds keys to it.</summary>
    Header,

    /// <summary>Created by a dotted key (<c>a.b = 1</c>); more dotted keys may add to it, a header may not define it.</summary>
    Dotted,

    /// <summary>An inline table (or a table inside one): complete once written.</summary>
    Inline,
}

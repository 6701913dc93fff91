using FlowGate.Config.Documents;

namespace FlowGate.Config.Secrets;

/// <summary>Where a named credential lives: a file (relative to the config file) or an environment variable.</summary>
/// <param name="File">The secret file, if the credential is file-based.</param>
/// <param name="Env">The environment variable, if the credential is env-based.</param>
/// <param name="Position">Where the credential was declared.</param>
internal sealed record CredentialRef(string? File, string? Env, SourcePosition Position);

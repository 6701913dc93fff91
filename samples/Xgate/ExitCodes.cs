namespace FlowGate.Xgate;

/// <summary>xgate's exit codes: 0 ok, 1 failure, 2 usage.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}

namespace FlowGate.Config.Binding;

/// <summary>The words agent-cli's generator took as booleans (<c>1/true/yes/y/on</c>, <c>0/false/no/n/off</c>).</summary>
internal static class BoolWords
{
    public static bool TryParse(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "1" or "true" or "yes" or "y" or "on":
                value = true;
                return true;
            case "0" or "false" or "no" or "n" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}

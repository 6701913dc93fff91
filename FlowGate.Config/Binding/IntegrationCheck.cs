using FlowGate.Routing;
using FlowGate.Routing.Resolution;
using FlowGate.Routing.Validation;

namespace FlowGate.Config.Binding;

/// <summary>
/// Checks that every model the file names for client integration (<c>integration.*_model</c>) is one the gateway
/// serves, by resolving it as a request would be, so that <c>xgate integration print</c> never hands out a dead name.
/// </summary>
internal static class IntegrationCheck
{
    public static IReadOnlyList<ConfigError> Check(FlowGateConfig config, RouteTable table, SourceMap written)
    {
        var errors = new List<ConfigError>();
        var slots = config.Integration;
        void Check(string key, string? model)
        {
            var path = "integration." + key;
            if (model is not null && written.Contains(path) && table.Resolve(model).Outcome == ResolutionOutcome.NotFound)
            {
                errors.Add(new ConfigError(path, $"unknown model '{model}'{NameSuggestions.DidYouMeanSuffix(model, table.ListedModels)}."));
            }
        }

        Check("default_model", slots.DefaultModel);
        Check("fast_model", slots.FastModel);
        Check("opus_model", slots.OpusModel);
        Check("sonnet_model", slots.SonnetModel);
        Check("haiku_model", slots.HaikuModel);
        return errors;
    }
}

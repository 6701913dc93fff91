using System.Globalization;
using System.Text.Json;
using FlowGate.Routing.Features;

namespace FlowGate.Routing.Protocols.Json;

/// <summary>
/// Reading helpers for the decoders: every shape error becomes an <see cref="InvalidRequestBodyException"/> that
/// names the member (a JSON path) and never quotes a value.
/// </summary>
internal static class JsonRead
{
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = RequestFeatureExtractor.MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses a body into a document whose root is an object, then runs <paramref name="decode"/> on it.</summary>
    /// <typeparam name="T">What the decoder returns.</typeparam>
    /// <param name="body">The UTF-8 body.</param>
    /// <param name="decode">The decoder.</param>
    /// <returns>The decoder's result.</returns>
    public static T Decode<T>(ReadOnlySpan<byte> body, Func<JsonElement, T> decode)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), Options);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidRequestBodyException("The request body must be a JSON object.");
            }

            return decode(root);
        }
        catch (JsonException e)
        {
            // The reader's message may quote the offending text; only the position is passed on.
            throw new InvalidRequestBodyException(string.Create(
                CultureInfo.InvariantCulture,
                $"The request body is not valid JSON, or repeats a member (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})."));
        }
        catch (InvalidOperationException)
        {
            // JsonElement reports invalid UTF-8 (or lone surrogates) inside a string this way when it is decoded.
            throw new InvalidRequestBodyException("The request body holds a string that is not valid UTF-8.");
        }
    }

    public static InvalidRequestBodyException Invalid(string path, string what) => new($"'{path}' {what}.");

    public static JsonElement? Get(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static void RequireObject(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "must be an object");
        }
    }

    public static JsonElement.ArrayEnumerator Items(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw Invalid(path, "must be an array");

    public static string Str(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(path, "must be a string");

    public static string? OptString(JsonElement obj, string name, string path) =>
        Get(obj, name) is { } value ? Str(value, $"{path}.{name}") : null;

    public static string ReqString(JsonElement obj, string name, string path) =>
        OptString(obj, name, path) ?? throw Invalid($"{path}.{name}", "is required");

    public static bool? OptBool(JsonElement obj, string name, string path) => Get(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Invalid($"{path}.{name}", "must be true or false"),
    };

    /// <summary>Reads an integer member, saturated to the <see cref="int"/> range.</summary>
    public static int? OptInt(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return (int)Math.Clamp(number, int.MinValue, int.MaxValue);
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real) && real == Math.Floor(real))
        {
            return real >= int.MaxValue ? int.MaxValue : real <= int.MinValue ? int.MinValue : (int)real;
        }

        throw Invalid($"{path}.{name}", "must be an integer");
    }

    /// <summary>Reads a number member as its raw text.</summary>
    public static string? OptNumber(JsonElement obj, string name, string path) => Get(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        _ => throw Invalid($"{path}.{name}", "must be a number"),
    };

    /// <summary>Reads an object member as its raw text.</summary>
    public static string? OptObjectRaw(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        RequireObject(value, $"{path}.{name}");
        return value.GetRawText();
    }

    /// <summary>Reads a string or an array of strings (Chat <c>stop</c>).</summary>
    public static ValueArray<string> StringOrStrings(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not { } value)
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in Items(value, $"{path}.{name}"))
        {
            list.Add(Str(item, $"{path}.{name}[{i++}]"));
        }

        return list.ToValueArray();
    }

    /// <summary>Reads the <c>type</c> of a block or item (required).</summary>
    public static string TypeOf(JsonElement block, string path)
    {
        RequireObject(block, path);
        return ReqString(block, "type", path);
    }

    public static string At(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
}

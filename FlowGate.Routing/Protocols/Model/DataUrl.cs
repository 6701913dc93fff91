namespace FlowGate.Routing.Protocols.Model;

/// <summary>Reads image URLs: a <c>data:&lt;media type&gt;;base64,&lt;data&gt;</c> URL becomes inline data.</summary>
internal static class DataUrl
{
    private const string Marker = ";base64,";

    public static ImagePart Image(string url)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var marker = url.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
            if (marker > 5)
            {
                return new ImagePart(url[5..marker], url[(marker + Marker.Length)..], null);
            }
        }

        return new ImagePart(null, null, url);
    }
}

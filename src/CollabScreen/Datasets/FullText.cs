using System.Text;
using System.Xml;

namespace CollabScreen.Datasets;

/// <summary>
/// Full text for dataset detection: a .txt file as is, or the text of a TEI XML file (GROBID output), without the
/// teiHeader (title and abstract come from the work itself). Block elements become line breaks so sentences stay apart.
/// </summary>
public static class FullText
{
    public static readonly string[] Extensions = [".tei.xml", ".txt"];

    /// <summary>The full-text file for a record id in DIR (id.tei.xml or id.txt; for OpenAlex ids "W123" or the whole URL's last part), or null.</summary>
    public static string? FindFor(string directory, string recordId)
    {
        var id = recordId.TrimEnd('/');
        var slash = id.LastIndexOf('/');
        if (slash >= 0) id = id[(slash + 1)..];
        foreach (var ext in Extensions)
        {
            var path = Path.Combine(directory, id + ext);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    public static string Read(string path)
    {
        if (!path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) return File.ReadAllText(path, Encoding.UTF8);
        try
        {
            var sb = new StringBuilder();
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            var skipDepth = -1;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (skipDepth < 0 && reader.LocalName == "teiHeader" && !reader.IsEmptyElement) skipDepth = reader.Depth;
                    else if (IsBlock(reader.LocalName)) sb.Append('\n');
                }
                else if (reader.NodeType == XmlNodeType.EndElement)
                {
                    if (skipDepth >= 0 && reader.Depth == skipDepth && reader.LocalName == "teiHeader") skipDepth = -1;
                    else if (IsBlock(reader.LocalName)) sb.Append('\n');
                }
                else if (skipDepth < 0 && reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                    sb.Append(reader.Value);
            }
            return sb.ToString();
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{path}:{e.LineNumber}: not well-formed TEI XML ({e.Message}); give a .txt file or fix the XML");
        }
    }

    private static bool IsBlock(string name) => name is "p" or "head" or "div" or "bibl" or "biblStruct" or "figure" or "table" or "row" or "item" or "note" or "s";
}

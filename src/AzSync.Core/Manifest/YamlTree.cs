using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AzSync.Core.Manifest;

// A minimal node tree built straight from parser events. YamlDotNet's own representation model throws on the
// first duplicate key, which would hide every later problem; this tree keeps duplicates so they can be reported
// alongside everything else, and keeps each node's position for messages.
internal abstract record YNode(int Line, int Column);

internal sealed record YScalar(string Value, bool Plain, int Line, int Column) : YNode(Line, Column)
{
    /// <summary>A plain scalar that YAML reads as null: empty, "~" or "null".</summary>
    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YSequence(IReadOnlyList<YNode> Items, int Line, int Column) : YNode(Line, Column);

internal sealed record YMapping(IReadOnlyList<KeyValuePair<YNode, YNode>> Entries, int Line, int Column)
    : YNode(Line, Column);

internal static class YamlTree
{
    /// <summary>Reads every document of the text. Throws <see cref="YamlException"/> on a syntax error.</summary>
    public static List<YNode> Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var documents = new List<YNode>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            documents.Add(ReadNode(parser, anchors));
            parser.Consume<DocumentEnd>();
        }
        parser.Consume<StreamEnd>();
        return documents;
    }

    private static YNode ReadNode(IParser parser, Dictionary<string, YNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (anchors.TryGetValue(alias.Value.Value, out var target)) return target;
            throw new YamlException(alias.Start, alias.End, $"Alias '*{alias.Value.Value}' refers to no anchor.");
        }

        YNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            node = new YScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, Line(scalar.Start), Col(scalar.Start));
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            anchor = seqStart.Anchor;
            var items = new List<YNode>();
            while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, anchors));
            node = new YSequence(items, Line(seqStart.Start), Col(seqStart.Start));
        }
        else if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            anchor = mapStart.Anchor;
            var entries = new List<KeyValuePair<YNode, YNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors);
                var value = ReadNode(parser, anchors);
                entries.Add(new(key, value));
            }
            node = new YMapping(entries, Line(mapStart.Start), Col(mapStart.Start));
        }
        else
        {
            var unexpected = parser.Current!;
            throw new YamlException(unexpected.Start, unexpected.End, $"Unexpected {unexpected.GetType().Name}.");
        }

        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
        return node;
    }

    // YamlDotNet marks are 1-based already; an empty mark (0) is clamped so messages never say line 0 for content.
    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Col(Mark mark) => (int)Math.Max(1, mark.Column);

    public static string Describe(YNode node) => node switch
    {
        YScalar { IsNull: true } => "nothing",
        YScalar s => $"'{Shorten(s.Value)}'",
        YSequence => "a list",
        YMapping => "a mapping of keys",
        _ => "something else",
    };

    public static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}

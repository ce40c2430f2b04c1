using System.Buffers;

namespace CollabScreen.Topics;

/// <summary>A phrase occurrence in a text: which phrase (index into the index's phrases) and where (chars).</summary>
internal readonly record struct PhraseMatch(int Phrase, int Start, int Length);

/// <summary>
/// Finds many phrases in one pass over a text: the text is lower-cased and split into words once, each
/// word is looked up in the vocabulary of pattern words (no allocation), and phrases are followed word by
/// word through a trie. At each position the longest phrase wins, and a phrase inside a longer match is
/// not reported ("vehicle re-identification" is not also "re-identification").
/// </summary>
internal sealed class PhraseIndex
{
    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<long, int> _edges = new();
    private readonly List<int> _terminal = [-1]; // node -> phrase index, node 0 is the root
    private readonly List<string> _phrases = [];

    public PhraseIndex() => _lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();

    public IReadOnlyList<string> Phrases => _phrases;

    /// <summary>Adds a phrase (its normalised words) and returns its index; the same words give the same index.</summary>
    public int Add(IReadOnlyList<string> words)
    {
        var node = 0;
        foreach (var word in words)
        {
            if (!_vocabulary.TryGetValue(word, out var id)) _vocabulary[word] = id = _vocabulary.Count;
            var key = Key(node, id);
            if (!_edges.TryGetValue(key, out var next))
            {
                next = _terminal.Count;
                _terminal.Add(-1);
                _edges[key] = next;
            }
            node = next;
        }
        if (_terminal[node] < 0)
        {
            _terminal[node] = _phrases.Count;
            _phrases.Add(string.Join(' ', words));
        }
        return _terminal[node];
    }

    private static long Key(int node, int word) => ((long)node << 32) | (uint)word;

    /// <summary>Calls <paramref name="onMatch"/> for each phrase found in <paramref name="text"/>, in text order.</summary>
    public void Match<TState>(string text, ref TState state, MatchHandler<TState> onMatch)
    {
        if (string.IsNullOrEmpty(text)) return;
        var lower = ArrayPool<char>.Shared.Rent(text.Length);
        var ids = ArrayPool<int>.Shared.Rent(text.Length / 2 + 1);
        var starts = ArrayPool<int>.Shared.Rent(text.Length / 2 + 1);
        var ends = ArrayPool<int>.Shared.Rent(text.Length / 2 + 1);
        try
        {
            var span = lower.AsSpan(0, text.Length);
            text.AsSpan().ToLowerInvariant(span);
            // Tokenise once; words outside the vocabulary get -1 and stop any phrase.
            var count = 0;
            var known = 0;
            var i = 0;
            while (i < span.Length)
            {
                while (i < span.Length && !Words.IsWordChar(span[i])) i++;
                if (i >= span.Length) break;
                var start = i;
                while (i < span.Length && Words.IsWordChar(span[i])) i++;
                var id = _lookup.TryGetValue(Words.Normalize(span[start..i]), out var found) ? found : -1;
                ids[count] = id;
                starts[count] = start;
                ends[count] = i;
                count++;
                if (id >= 0) known++;
            }
            if (known == 0) return;

            var coveredUntil = -1; // last word index of the previous reported match
            for (var w = 0; w < count; w++)
            {
                if (ids[w] < 0) continue;
                int node = 0, best = -1, bestEnd = -1;
                for (var j = w; j < count && ids[j] >= 0; j++)
                {
                    if (!_edges.TryGetValue(Key(node, ids[j]), out node)) break;
                    if (_terminal[node] >= 0) { best = _terminal[node]; bestEnd = j; }
                }
                if (best < 0 || bestEnd <= coveredUntil) continue;
                coveredUntil = bestEnd;
                onMatch(ref state, new PhraseMatch(best, starts[w], ends[bestEnd] - starts[w]));
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lower);
            ArrayPool<int>.Shared.Return(ids);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(ends);
        }
    }
}

internal delegate void MatchHandler<TState>(ref TState state, PhraseMatch match);

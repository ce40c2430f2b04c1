using System.Buffers;

namespace CollabScreen.Topics;

/// <summary>A phrase occurrence in a text: which phrase (index into the index's phrases) and where (chars).</summary>
internal readonly record struct PhraseMatch(int Phrase, int Start, int Length);

/// <summary>
/// Finds many phrases in one pass over a text: the text is split into words once, each
/// word is looked up in the vocabulary of pattern words (no allocation), and phrases are followed word by
/// word through a trie. At each position the longest phrase wins, and a phrase inside a longer match is
/// not reported ("vehicle re-identification" is not also "re-identification").
/// </summary>
internal sealed class PhraseIndex
{
    private const int MaxWordLength = 64;
    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _edges = new();
    private readonly List<int> _terminal = [-1]; // node -> phrase index, node 0 is the root
    private readonly List<string> _phrases = [];
    private int _longestWord;

    // Built by Freeze(): an open-addressing word table probed with a hash computed over the text's own
    // characters (no string is created per word), and the root's children by word id, since most walks end there.
    private int[] _slots = [];
    private string[] _words = [];
    private int[] _rootChild = [];
    private int[] _terminals = [];
    private bool _frozen;

    public IReadOnlyList<string> Phrases => _phrases;

    /// <summary>Adds a phrase (its normalised words) and returns its index; the same words give the same index.</summary>
    public int Add(IReadOnlyList<string> words)
    {
        var node = 0;
        foreach (var word in words)
        {
            if (word.Length > MaxWordLength) throw new ArgumentException($"pattern word longer than {MaxWordLength} characters: '{word}'");
            _longestWord = Math.Max(_longestWord, word.Length);
            if (_frozen) throw new InvalidOperationException("the phrase index is frozen");
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

    private static uint Hash(ReadOnlySpan<char> word)
    {
        var h = 2166136261u; // FNV-1a
        foreach (var c in word) h = (h ^ c) * 16777619u;
        return h;
    }

    /// <summary>Builds the lookup tables; call once after the last Add and before Match.</summary>
    public void Freeze()
    {
        var size = 64;
        while (size < _vocabulary.Count * 4) size *= 2;
        _slots = new int[size];
        _words = new string[_vocabulary.Count];
        foreach (var (word, id) in _vocabulary)
        {
            _words[id] = word;
            var slot = (int)(Hash(word) & (uint)(size - 1));
            while (_slots[slot] != 0) slot = (slot + 1) & (size - 1);
            _slots[slot] = id + 1;
        }
        _rootChild = new int[_vocabulary.Count];
        for (var id = 0; id < _rootChild.Length; id++)
            _rootChild[id] = _edges.TryGetValue(Key(0, id), out var child) ? child : 0;
        _terminals = _terminal.ToArray();
        _frozen = true;
    }

    private int Find(ReadOnlySpan<char> word)
    {
        var mask = _slots.Length - 1;
        var slot = (int)(Hash(word) & (uint)mask);
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0) return -1;
            if (word.SequenceEqual(_words[entry - 1])) return entry - 1;
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>
    /// Calls <paramref name="onMatch"/> for each phrase found in <paramref name="text"/>, in text order. With
    /// <paramref name="nested"/> every phrase is reported, also those inside a longer one ("video" in "surveillance video").
    /// </summary>
    public void Match<TState>(string text, ref TState state, MatchHandler<TState> onMatch, bool nested = false)
    {
        if (string.IsNullOrEmpty(text)) return;
        if (!_frozen) throw new InvalidOperationException("call Freeze() before Match()");
        var capacity = text.Length / 2 + 1;
        var ids = ArrayPool<int>.Shared.Rent(capacity);
        var starts = ArrayPool<int>.Shared.Rent(capacity);
        var ends = ArrayPool<int>.Shared.Rent(capacity);
        Span<char> word = stackalloc char[MaxWordLength + 1];
        try
        {
            // Tokenise once; words outside the vocabulary get -1 and stop any phrase. Only words short
            // enough to be in the vocabulary are lower-cased and looked up.
            var count = 0;
            var known = 0;
            var i = 0;
            while (i < text.Length)
            {
                if (!Words.IsWordChar(text[i])) { i++; continue; }
                var start = i;
                while (i < text.Length && Words.IsWordChar(text[i])) i++;
                var id = -1;
                if (i - start <= _longestWord + 1) // +1: a plural normalises to its singular
                {
                    var lower = word[..(i - start)];
                    for (var k = 0; k < lower.Length; k++)
                    {
                        var c = text[start + k];
                        lower[k] = c < 128 ? (char)(c is >= 'A' and <= 'Z' ? c | 0x20 : c) : char.ToLowerInvariant(c);
                    }
                    id = Find(Words.Normalize(lower));
                    if (id >= 0) known++;
                }
                ids[count] = id;
                starts[count] = start;
                ends[count] = i;
                count++;
            }
            if (known == 0) return;

            var coveredUntil = -1; // last word index of the previous reported match
            for (var w = 0; w < count; w++)
            {
                if (ids[w] < 0) continue;
                var node = _rootChild[ids[w]];
                if (node == 0) continue;
                int best = _terminals[node], bestEnd = best >= 0 ? w : -1;
                if (nested && best >= 0) onMatch(ref state, new PhraseMatch(best, starts[w], ends[w] - starts[w]));
                for (var j = w + 1; j < count && ids[j] >= 0; j++)
                {
                    if (!_edges.TryGetValue(Key(node, ids[j]), out node)) break;
                    if (_terminals[node] >= 0)
                    {
                        best = _terminals[node]; bestEnd = j;
                        if (nested) onMatch(ref state, new PhraseMatch(best, starts[w], ends[j] - starts[w]));
                    }
                }
                if (nested) continue;
                if (best < 0 || bestEnd <= coveredUntil) continue;
                coveredUntil = bestEnd;
                onMatch(ref state, new PhraseMatch(best, starts[w], ends[bestEnd] - starts[w]));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(ends);
        }
    }
}

internal delegate void MatchHandler<TState>(ref TState state, PhraseMatch match);

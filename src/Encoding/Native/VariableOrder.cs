namespace BnnVerify.Encoding.Native;

/// <summary>
/// The decision order of <see cref="CdclSolver"/>: a binary max-heap of variables, preferred variables first and
/// then by activity (EVSIDS, as in MiniSat's <c>VarOrderLt</c>).
/// </summary>
/// <remarks>
/// The preference puts a BNN's inputs ahead of its neurons: every other variable of a network encoding is a
/// function of the inputs, so deciding inputs first keeps the search in the input space (Jia &amp; Rinard 2020,
/// MiniSatCS's input-branching option).
/// </remarks>
internal sealed class VariableOrder
{
    private const double RescaleLimit = 1e100;
    private GrowableBuffer<double> _activity;
    private GrowableBuffer<bool> _preferred;
    private GrowableBuffer<int> _heap;
    private GrowableBuffer<int> _position; // index in _heap, or -1 when absent
    private double _increment = 1;

    /// <summary>Whether no variable is in the heap.</summary>
    public bool IsEmpty => _heap.Count == 0;

    /// <summary>Whether <paramref name="variable"/> is in the heap.</summary>
    public bool Contains(int variable) => variable < _position.Count && _position.Items[variable] >= 0;

    /// <summary>Registers a new variable with activity 0, not preferred, absent from the heap until inserted.</summary>
    public void AddVariable()
    {
        _position.Add(-1);
        _activity.Add(0);
        _preferred.Add(false);
    }

    /// <summary>Whether <paramref name="variable"/> is decided before every variable that is not preferred.</summary>
    public bool IsPreferred(int variable) => _preferred.Items[variable];

    /// <summary>Sets the preference of <paramref name="variable"/>; call <see cref="Rebuild"/> after a batch of changes.</summary>
    public void SetPreferred(int variable, bool preferred) => _preferred.Items[variable] = preferred;

    /// <summary>Raises the activity of <paramref name="variable"/> by the current increment (rescaling all when it grows too large).</summary>
    public void Bump(int variable)
    {
        var activity = _activity.Items;
        if ((activity[variable] += _increment) > RescaleLimit)
        {
            for (int v = 0; v < _activity.Count; v++)
                activity[v] *= 1 / RescaleLimit;
            _increment *= 1 / RescaleLimit;
        }
        Increased(variable);
    }

    /// <summary>Makes later bumps weigh more (EVSIDS: the same as decaying every activity by <paramref name="decay"/>).</summary>
    public void Decay(double decay) => _increment /= decay;

    /// <summary>Inserts <paramref name="variable"/> unless it is already in the heap.</summary>
    public void Insert(int variable)
    {
        if (Contains(variable))
            return;
        _position.Items[variable] = _heap.Count;
        _heap.Add(variable);
        SiftUp(_heap.Count - 1);
    }

    private void Increased(int variable)
    {
        if (Contains(variable))
            SiftUp(_position.Items[variable]);
    }

    /// <summary>Removes and returns the best variable.</summary>
    public int RemoveBest()
    {
        var heap = _heap.Items;
        int best = heap[0];
        int last = heap[--_heap.Count];
        _position.Items[best] = -1;
        if (_heap.Count > 0)
        {
            heap[0] = last;
            _position.Items[last] = 0;
            SiftDown(0);
        }
        return best;
    }

    /// <summary>Rebuilds the heap from scratch (after preferences changed).</summary>
    public void Rebuild()
    {
        for (int i = _heap.Count / 2 - 1; i >= 0; i--)
            SiftDown(i);
    }

    private bool Before(int a, int b)
    {
        var preferred = _preferred.Items;
        bool pa = preferred[a], pb = preferred[b];
        if (pa != pb)
            return pa;
        var activity = _activity.Items;
        return activity[a] > activity[b];
    }

    private void SiftUp(int i)
    {
        var heap = _heap.Items;
        var position = _position.Items;
        int v = heap[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(v, heap[parent]))
                break;
            heap[i] = heap[parent];
            position[heap[i]] = i;
            i = parent;
        }
        heap[i] = v;
        position[v] = i;
    }

    private void SiftDown(int i)
    {
        var heap = _heap.Items;
        var position = _position.Items;
        int count = _heap.Count;
        int v = heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= count)
                break;
            if (child + 1 < count && Before(heap[child + 1], heap[child]))
                child++;
            if (!Before(heap[child], v))
                break;
            heap[i] = heap[child];
            position[heap[i]] = i;
            i = child;
        }
        heap[i] = v;
        position[v] = i;
    }
}

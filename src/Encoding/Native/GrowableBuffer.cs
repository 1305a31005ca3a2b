using System.Runtime.CompilerServices;

namespace BnnVerify.Encoding.Native;

/// <summary>
/// An array with a count that grows by doubling: the storage of watch lists, occurrence lists and the trail of
/// <see cref="CdclSolver"/>. A mutable struct, so that arrays of them are read and changed in place through
/// <c>ref</c> without an object per list.
/// </summary>
/// <remarks>
/// Growing replaces <see cref="Items"/> with a larger copy and leaves the old array untouched, so a caller that
/// still iterates the old array reads consistent data.
/// </remarks>
internal struct GrowableBuffer<T>
    where T : struct
{
    /// <summary>The storage; entries at and above <see cref="Count"/> are unused.</summary>
    public T[] Items;

    /// <summary>How many entries are in use.</summary>
    public int Count;

    /// <summary>Appends <paramref name="item"/>, growing the storage when it is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        if (Items is null || Count == Items.Length)
            Grow(Count + 1);
        Items![Count++] = item;
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> entries.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (Items is null || Items.Length < capacity)
            Grow(capacity);
    }

    /// <summary>The entries in use.</summary>
    public readonly Span<T> AsSpan() => Items is null ? Span<T>.Empty : Items.AsSpan(0, Count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        int capacity = Items is null ? 4 : Items.Length * 2;
        if (capacity < needed)
            capacity = needed;
        var larger = new T[capacity];
        if (Items is not null)
            Array.Copy(Items, larger, Count);
        Items = larger;
    }
}

using QuikGraph;
using QuikGraph.Algorithms.Search;

namespace BnnVerify.Encoding.Compilation;

/// <summary>
/// The nodes of a circuit that some output depends on: a depth-first search (QuikGraph) from the outputs
/// along fan-in edges. Everything outside the cone is dead code a compiler drops.
/// </summary>
public static class ConeOfInfluence
{
    /// <summary>
    /// Marks the nodes 0 … <paramref name="nodeCount"/>−1 reachable from <paramref name="roots"/> through
    /// <paramref name="fanIns"/> (the nodes a node reads).
    /// </summary>
    public static bool[] Compute(int nodeCount, Func<int, IEnumerable<int>> fanIns, IEnumerable<int> roots)
    {
        ArgumentNullException.ThrowIfNull(fanIns);
        ArgumentNullException.ThrowIfNull(roots);
        // Vertex −1 is a virtual root reading every output, so that one rooted search covers all outputs.
        const int virtualRoot = -1;
        var graph = new AdjacencyGraph<int, SEquatableEdge<int>>(allowParallelEdges: false);
        graph.AddVertex(virtualRoot);
        for (int node = 0; node < nodeCount; node++)
            graph.AddVertex(node);
        foreach (int root in roots)
            graph.AddEdge(new SEquatableEdge<int>(virtualRoot, root));
        for (int node = 0; node < nodeCount; node++)
        {
            foreach (int fanIn in fanIns(node))
                graph.AddEdge(new SEquatableEdge<int>(node, fanIn));
        }
        var live = new bool[nodeCount];
        var search = new DepthFirstSearchAlgorithm<int, SEquatableEdge<int>>(graph) { ProcessAllComponents = false };
        search.DiscoverVertex += vertex =>
        {
            if (vertex >= 0)
                live[vertex] = true;
        };
        search.Compute(virtualRoot);
        return live;
    }
}

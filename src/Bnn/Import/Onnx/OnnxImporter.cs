using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BnnVerify.Bnn.Diagnostics;
using BnnVerify.Bnn.Model;
using BnnVerify.Bnn.Numerics;
using Google.Protobuf;

namespace BnnVerify.Bnn.Import.Onnx;

/// <summary>Which operators an ONNX import accepts.</summary>
public enum OnnxDialect
{
    /// <summary>Standard ONNX operators only (a PyTorch export); a QONNX operator is refused with a hint.</summary>
    Standard,

    /// <summary>Standard operators and the QONNX / FINN custom operators BipolarQuant, Quant and MultiThreshold.</summary>
    Qonnx,
}

/// <summary>What the user may say about an imported ONNX network that its file does not.</summary>
/// <param name="Dialect">Standard ONNX or QONNX.</param>
/// <param name="Name">The model name; null takes the file name.</param>
/// <param name="ClassPrefix">Classes are called PREFIX0, PREFIX1, … unless a names file names them.</param>
/// <param name="NamesFile">A names file; null uses FILE.names.json beside the model when it exists.</param>
public sealed record OnnxImportOptions(OnnxDialect Dialect, string? Name = null, string ClassPrefix = "class", string? NamesFile = null);

/// <summary>
/// Imports a fully connected BNN from an ONNX graph (as torch.onnx.export writes it) or a QONNX graph
/// (BipolarQuant, MultiThreshold, Quant on constants), deciding every neuron exactly (docs/onnx.md).
/// </summary>
/// <remarks>
/// The graph is walked node by node, keeping every tensor symbolically: a constant (folded in float32 as a
/// runtime would), a vector of ±1 values up to a per-element affine map (the graph input, a sign layer's
/// output), or a per-neuron affine function value = slope·s + offset of an integer weighted sum s of such a
/// vector, with slope and offset in Q(√r) so that a batch norm stays exact. A Sign, BipolarQuant or
/// MultiThreshold of such a function becomes a folded threshold layer; the graph output becomes exact integer
/// class scores (<see cref="ScoreScaling"/>) or named bits. Parameters are the exact rationals of their
/// float32 values; every decision is taken in real arithmetic.
/// </remarks>
public static class OnnxImporter
{
    /// <summary>The domains whose BipolarQuant, Quant and MultiThreshold nodes are the QONNX / FINN operators.</summary>
    public static readonly ImmutableArray<string> QonnxDomains = ["qonnx.custom_op.general", "finn.custom_op.general", "finn", "onnx.brevitas"];

    /// <summary>The standard operators the importer maps.</summary>
    public static readonly ImmutableArray<string> StandardOperators =
        ["MatMul", "Gemm", "Add", "Sub", "Mul", "Div", "Neg", "Sign", "BatchNormalization", "Flatten", "Reshape", "Identity", "Dropout", "Transpose", "Constant"];

    /// <summary>Imports the .onnx file at <paramref name="path"/>.</summary>
    public static ImportResult Import(string path, OnnxImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DiagnosticException(Diagnostic.Error(OnnxDiagnosticIds.Unreadable, SourceLocation.OfFile(path),
                    e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : "cannot read the file: " + e.Message));
            }
            var model = Parse(path, bytes);
            string? namesPath = options.NamesFile ?? (File.Exists(OnnxNames.SidecarOf(path)) ? OnnxNames.SidecarOf(path) : null);
            if (options.NamesFile is not null && !File.Exists(options.NamesFile))
                throw new DiagnosticException(Diagnostic.Error(OnnxDiagnosticIds.Unreadable, SourceLocation.OfFile(options.NamesFile), "no such names file"));
            var names = namesPath is null ? OnnxNames.None : OnnxNames.Read(namesPath);
            var walk = new GraphWalk(path, model, options, names);
            return walk.Run(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        catch (DiagnosticException e)
        {
            return ImportResult.Failed(e.Diagnostic);
        }
    }

    private static global::Onnx.ModelProto Parse(string path, byte[] bytes)
    {
        global::Onnx.ModelProto model;
        try
        {
            model = global::Onnx.ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new DiagnosticException(Diagnostic.Error(OnnxDiagnosticIds.NotOnnx, SourceLocation.OfFile(path),
                $"not an ONNX model (the protobuf does not parse: {FirstSentence(e.Message)}); a truncated or damaged file, or another format"));
        }
        if (model.IrVersion <= 0 || model.Graph is null || model.Graph.Node.Count == 0)
        {
            throw new DiagnosticException(Diagnostic.Error(OnnxDiagnosticIds.NotOnnx, SourceLocation.OfFile(path),
                "not an ONNX model: the file parses as protobuf but has no IR version or no graph with nodes"));
        }
        return model;
    }

    private static string FirstSentence(string text)
    {
        int end = text.IndexOf('.', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).Trim();
    }

    /// <summary>A tensor of the graph as the walk knows it.</summary>
    private abstract record Symbolic;

    /// <summary>A constant tensor.</summary>
    private sealed record ConstantValue(OnnxTensor Tensor) : Symbolic;

    /// <summary>Element i is Scale[i]·x_i + Shift[i], x_i = ±1 the i-th value of layer <paramref name="Layer"/> (−1: the graph input).</summary>
    private sealed record BinaryValue(int Layer, Rational[] Scale, Rational[] Shift, ImmutableArray<int> Shape) : Symbolic;

    /// <summary>Neuron j is Slope[j]·s_j + Offset[j] with s_j = Σᵢ Weights[j·Inputs + i]·xᵢ over layer Source's ±1 values; √Radicand[j] is the surd.</summary>
    private sealed record LinearValue(int Source, int Inputs, int[] Weights, Surd[] Slope, Surd[] Offset, Rational[] Radicand, string Node) : Symbolic
    {
        public int Neurons => Slope.Length;
    }

    /// <summary>How a sign-like node turns its argument v into a boolean.</summary>
    private enum SignRule
    {
        /// <summary>ONNX Sign: +1 for v &gt; 0, −1 for v &lt; 0, and 0 for v = 0, which must be unreachable.</summary>
        OnnxSign,

        /// <summary>BipolarQuant, MultiThreshold: true iff v ≥ 0 (after subtracting the threshold).</summary>
        AtLeastZero,
    }

    private sealed class GraphWalk(string file, global::Onnx.ModelProto model, OnnxImportOptions options, OnnxNames names)
    {
        private readonly global::Onnx.GraphProto _graph = model.Graph;
        private readonly Dictionary<string, Symbolic> _values = new(StringComparer.Ordinal);
        private readonly List<DenseLayer> _layers = [];
        private readonly List<string> _notes = [];
        private double _smallestMargin = double.PositiveInfinity;
        private int _zeroFreeSigns;
        private string _inputName = "";
        private int _nodeIndex = -1;
        private global::Onnx.NodeProto? _node;

        public ImportResult Run(string sha256)
        {
            for (int k = 0; k < _graph.Initializer.Count; k++)
            {
                var tensor = _graph.Initializer[k];
                int index = k;
                _values[tensor.Name] = new ConstantValue(OnnxTensor.Read(tensor, m => Fail(OnnxDiagnosticIds.BadTensor, $"graph.initializer[{index}]", m)));
            }
            int inputCount = ReadInput();
            for (_nodeIndex = 0; _nodeIndex < _graph.Node.Count; _nodeIndex++)
            {
                _node = _graph.Node[_nodeIndex];
                if (_node.Output.Count == 0)
                    throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, "the node has no output");
                _values[_node.Output[0]] = Evaluate(_node);
            }
            _node = null;
            if (_graph.Output.Count != 1)
                throw Fail(OnnxDiagnosticIds.UnsupportedStructure, "graph.output", $"the graph has {_graph.Output.Count} outputs; a BNN has one (class scores or bits)");
            string outputName = _graph.Output[0].Name;
            if (!_values.TryGetValue(outputName, out var result))
                throw Fail(OnnxDiagnosticIds.UnsupportedStructure, "graph.output[0]", $"no node computes the output '{outputName}'");
            ModelOutput output = result switch
            {
                LinearValue scores => ScoresOutput(scores),
                BinaryValue { Layer: >= 0 } bits => BitsOutput(bits, outputName),
                _ => throw Fail(OnnxDiagnosticIds.UnsupportedStructure, "graph.output[0]",
                    $"the output '{outputName}' is not computed by a layer (it is {Describe(result)}); a BNN ends in class scores (MatMul/Gemm) or a sign layer"),
            };
            return Build(inputCount, output, sha256);
        }

        private int ReadInput()
        {
            var initializers = _graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var inputs = _graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
            if (inputs.Count != 1)
                throw Fail(OnnxDiagnosticIds.UnsupportedStructure, "graph.input", $"the graph has {inputs.Count} inputs besides its initializers; a BNN reads one tensor of booleans");
            var input = inputs[0];
            _inputName = input.Name;
            var tensorType = input.Type?.TensorType;
            if (tensorType is null || tensorType.Shape is null)
                throw Fail(OnnxDiagnosticIds.UnsupportedStructure, "graph.input[0]", $"the input '{input.Name}' is not a tensor of known shape");
            var shape = ImmutableArray.CreateBuilder<int>();
            long count = 1;
            for (int k = 0; k < tensorType.Shape.Dim.Count; k++)
            {
                var dim = tensorType.Shape.Dim[k];
                long size = dim.DimValue;
                if (k == 0 && (size == 0 || dim.HasDimParam))
                    size = 1; // a symbolic batch dimension: one input vector at a time
                if (size <= 0 || size > 1 << 20)
                    throw Fail(OnnxDiagnosticIds.UnsupportedStructure, $"graph.input[0].shape[{k}]", $"the input '{input.Name}' has dimension {k} of unknown or unusable size");
                shape.Add((int)size);
                count *= size;
            }
            if (shape.Count >= 2 && shape[0] != 1)
                throw Fail(OnnxDiagnosticIds.UnsupportedStructure, "graph.input[0].shape[0]", $"the input '{input.Name}' has batch size {shape[0]}; export with batch size 1 or a symbolic batch");
            if (count < 1 || count > 1 << 20)
                throw Fail(OnnxDiagnosticIds.UnsupportedStructure, "graph.input[0]", $"the input '{input.Name}' has {count} elements");
            int n = (int)count;
            // true is +1 in the model; as a tensor value it is +1 or 1, false −1 or 0: v = m·x + a.
            var (scale, shift) = names.InputValues == OnnxInputValues.ZeroOne
                ? (Rational.Create(1, 2), Rational.Create(1, 2))
                : (Rational.One, Rational.Zero);
            _values[input.Name] = new BinaryValue(-1, Filled(n, scale), Filled(n, shift), shape.ToImmutable());
            return n;
        }

        private Symbolic Evaluate(global::Onnx.NodeProto node)
        {
            bool standard = node.Domain is "" or "ai.onnx";
            bool qonnx = QonnxDomains.Contains(node.Domain) && node.OpType is "BipolarQuant" or "Quant" or "MultiThreshold";
            if (qonnx && options.Dialect != OnnxDialect.Qonnx)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedOperator, $"{node.OpType} is a QONNX operator (domain {node.Domain}); import the file with 'bnnverify import qonnx'");
            if (!standard && !qonnx)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedOperator, $"unsupported operator {node.OpType} of domain '{node.Domain}'; the QONNX operators are BipolarQuant, Quant and MultiThreshold");
            if (standard && !StandardOperators.Contains(node.OpType))
            {
                throw NodeFail(OnnxDiagnosticIds.UnsupportedOperator,
                    $"unsupported operator {node.OpType}; a fully connected BNN is imported from {string.Join(", ", StandardOperators)}" +
                    (options.Dialect == OnnxDialect.Qonnx ? " and the QONNX BipolarQuant, Quant and MultiThreshold" : ""));
            }
            if (node.OpType == "Constant")
                return new ConstantValue(ConstantAttribute(node));
            var args = node.Input.Select(name => name.Length == 0 ? null : Lookup(name)).ToArray();
            Symbolic Arg(int k) => k < args.Length && args[k] is { } a ? a : throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"input {k} is missing");
            return node.OpType switch
            {
                "Identity" or "Dropout" => Arg(0),
                "Flatten" or "Reshape" => Reshape(node, Arg(0), node.OpType == "Reshape" ? Constant(Arg(1), "the shape") : null),
                "Transpose" => new ConstantValue(ConstantFolding.Transpose(Constant(Arg(0), "Transpose's input (only constants are transposed)"), IntsAttribute(node, "perm"))),
                "MatMul" => MatMul(Arg(0), Arg(1)),
                "Gemm" => Gemm(node, Arg(0), Arg(1), args.Length > 2 ? args[2] : null),
                "Add" or "Sub" or "Mul" or "Div" => Arithmetic(node.OpType, Arg(0), Arg(1)),
                "Neg" => Arithmetic("Mul", Arg(0), new ConstantValue(OnnxTensor.Float32([], [-1.0]))),
                "Sign" => Arg(0) switch
                {
                    ConstantValue c => new ConstantValue(ConstantFolding.Map(c.Tensor, v => Math.Sign(v))),
                    LinearValue linear => SignLayer(linear, SignRule.OnnxSign, null, Rational.One, Rational.Zero),
                    var other => throw Misplaced(other),
                },
                "BatchNormalization" => BatchNorm(node, Arg(0), args),
                "BipolarQuant" => BipolarQuant(Arg(0), Constant(Arg(1), "BipolarQuant's scale")),
                "Quant" => Quant(node, Arg(0), args),
                "MultiThreshold" => MultiThreshold(node, Arg(0), Constant(Arg(1), "MultiThreshold's thresholds")),
                _ => throw new InvalidOperationException("an operator in the supported list has no case: " + node.OpType),
            };
        }

        private Symbolic Lookup(string name) =>
            _values.TryGetValue(name, out var value)
                ? value
                : throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"reads '{name}', which no earlier node, initializer or input defines");

        private OnnxTensor Constant(Symbolic value, string what) =>
            value is ConstantValue c ? c.Tensor : throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"{what} must be a constant, but it is {Describe(value)}");

        private DiagnosticException Misplaced(Symbolic value) =>
            NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"applied to {Describe(value)}; a BNN applies it to the weighted sums of a MatMul/Gemm");

        private static string Describe(Symbolic value) => value switch
        {
            ConstantValue => "a constant",
            BinaryValue { Layer: < 0 } => "the graph input",
            BinaryValue => "the ±1 output of a sign layer",
            LinearValue => "the weighted sums of a layer",
            _ => "a value",
        };

        private OnnxTensor ConstantAttribute(global::Onnx.NodeProto node)
        {
            foreach (var attribute in node.Attribute)
            {
                switch (attribute.Name)
                {
                    case "value":
                        return OnnxTensor.Read(attribute.T, m => NodeFail(OnnxDiagnosticIds.BadTensor, m));
                    case "value_float":
                        return OnnxTensor.Float32([], [attribute.F]);
                    case "value_floats":
                        return OnnxTensor.Float32([attribute.Floats.Count], [.. attribute.Floats.Select(f => (double)f)]);
                    case "value_int":
                        return new OnnxTensor([], [attribute.I], false);
                    case "value_ints":
                        return new OnnxTensor([attribute.Ints.Count], [.. attribute.Ints.Select(i => (double)i)], false);
                }
            }
            throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, "a Constant without a numeric value attribute");
        }

        private Symbolic Reshape(global::Onnx.NodeProto node, Symbolic value, OnnxTensor? target)
        {
            ImmutableArray<int> shape = value switch
            {
                ConstantValue c => c.Tensor.Shape,
                BinaryValue b => b.Shape,
                LinearValue l => [1, l.Neurons],
                _ => [],
            };
            long count = 1;
            foreach (int d in shape)
                count *= d;
            int[] result;
            if (target is null)
            {
                long axis = IntAttribute(node, "axis", 1);
                if (axis < 0)
                    axis += shape.Length;
                if (axis < 0 || axis > shape.Length)
                    throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, $"Flatten axis {axis} outside the input's {shape.Length} dimensions");
                long outer = 1;
                for (int k = 0; k < axis; k++)
                    outer *= shape[k];
                result = [(int)outer, (int)(count / outer)];
            }
            else
            {
                result = new int[target.Count];
                int inferred = -1;
                long known = 1;
                for (int k = 0; k < result.Length; k++)
                {
                    long d = (long)target.Values[k];
                    if (d == 0 && k < shape.Length)
                        d = shape[k];
                    if (d == -1 && inferred < 0)
                    {
                        inferred = k;
                        continue;
                    }
                    if (d <= 0)
                        throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, $"Reshape to dimension {d}");
                    result[k] = (int)d;
                    known *= d;
                }
                if (inferred >= 0)
                    result[inferred] = known == 0 || count % known != 0 ? 0 : (int)(count / known);
                if (result.Aggregate(1L, (a, d) => a * d) != count)
                    throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"Reshape of {count} elements to [{string.Join(", ", target.Values)}]");
            }
            return value switch
            {
                ConstantValue c => new ConstantValue(c.Tensor with { Shape = [.. result] }),
                BinaryValue b => b with { Shape = [.. result] },
                LinearValue l when result.Length <= 2 && result[^1] == l.Neurons => l,
                _ => throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, "reshapes the weighted sums of a layer into another shape than one row"),
            };
        }

        private Symbolic MatMul(Symbolic left, Symbolic right)
        {
            if (left is not BinaryValue x)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"multiplies {Describe(left)}; a BNN layer multiplies the graph input or a sign layer's ±1 output by a constant matrix");
            RequireRow(x);
            var w = Constant(right, "the weight matrix");
            int n = x.Scale.Length;
            if (w.Shape.Length != 2 || w.Shape[0] != n)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"the weight matrix is {w.ShapeText}; expected [{n}, neurons] for {n} inputs");
            int m = w.Shape[1];
            return Linear(x, m, (j, i) => w.Values[i * m + j]);
        }

        private Symbolic Gemm(global::Onnx.NodeProto node, Symbolic a, Symbolic b, Symbolic? c)
        {
            if (IntAttribute(node, "transA", 0) != 0)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, "Gemm with transA = 1 (the input transposed) does not read one input vector");
            if (a is not BinaryValue x)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"multiplies {Describe(a)}; a BNN layer multiplies the graph input or a sign layer's ±1 output by a constant matrix");
            RequireRow(x);
            var w = Constant(b, "Gemm's weight matrix B");
            bool transB = IntAttribute(node, "transB", 0) != 0;
            int n = x.Scale.Length;
            if (w.Shape.Length != 2 || w.Shape[transB ? 1 : 0] != n)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"B is {w.ShapeText}; expected {(transB ? $"[neurons, {n}]" : $"[{n}, neurons]")} for {n} inputs");
            int m = w.Shape[transB ? 0 : 1];
            var linear = Linear(x, m, transB ? (j, i) => w.Values[j * n + i] : (j, i) => w.Values[i * m + j]);
            var alpha = ExactBinary.ToRational(FloatAttribute(node, "alpha", 1f));
            linear = Affine(linear, Filled(m, alpha), Filled(m, Rational.Zero));
            if (c is null)
                return linear;
            var bias = PerNeuron(Constant(c, "Gemm's C"), m, "C");
            var beta = ExactBinary.ToRational(FloatAttribute(node, "beta", 1f));
            return Affine(linear, Filled(m, Rational.One), [.. bias.Select(v => v * beta)]);
        }

        // MatMul of a [1, 2, 3] tensor multiplies each row; one layer reads one row, so the input must be flattened first.
        private void RequireRow(BinaryValue x)
        {
            if (x.Shape.Length > 2 || (x.Shape.Length == 2 && x.Shape[0] != 1))
                throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"multiplies a tensor of shape [{string.Join(", ", x.Shape)}]; a layer reads one row [1, n] (Flatten or Reshape it first)");
        }

        // Σᵢ w(j, i)·(mᵢxᵢ + aᵢ) = Σᵢ (w(j, i)·mᵢ)·xᵢ + Σᵢ w(j, i)·aᵢ, the first sum an integer row times a common factor.
        private LinearValue Linear(BinaryValue x, int neurons, Func<int, int, double> weight)
        {
            int n = x.Scale.Length;
            var weights = new int[neurons * n];
            var slope = new Surd[neurons];
            var offset = new Surd[neurons];
            var effective = new Rational[n];
            for (int j = 0; j < neurons; j++)
            {
                Rational shift = Rational.Zero;
                for (int i = 0; i < n; i++)
                {
                    var w = ExactBinary.ToRational(weight(j, i));
                    effective[i] = w * x.Scale[i];
                    shift += w * x.Shift[i];
                }
                var (row, factor) = IntegerRow(effective, j);
                row.CopyTo(weights, j * n);
                slope[j] = Surd.Of(factor);
                offset[j] = Surd.Of(shift);
            }
            return new LinearValue(x.Layer, n, weights, slope, offset, Filled(neurons, Rational.One), NodeName);
        }

        // A row of exact weights as an integer row times one positive factor: ±c gives ±1 (binary), otherwise
        // the greatest common divisor of the weights (exact for fixed-point weights such as multiples of 1/8).
        private (int[] Row, Rational Factor) IntegerRow(Rational[] weights, int neuron)
        {
            var denominator = System.Numerics.BigInteger.One;
            foreach (var w in weights)
                denominator = denominator / System.Numerics.BigInteger.GreatestCommonDivisor(denominator, w.Denominator) * w.Denominator;
            var gcd = System.Numerics.BigInteger.Zero;
            foreach (var w in weights)
                gcd = System.Numerics.BigInteger.GreatestCommonDivisor(gcd, w.Numerator * (denominator / w.Denominator));
            var row = new int[weights.Length];
            if (gcd.IsZero)
                return (row, Rational.One);
            for (int i = 0; i < row.Length; i++)
            {
                var integer = weights[i].Numerator * (denominator / weights[i].Denominator) / gcd;
                if (System.Numerics.BigInteger.Abs(integer) > DenseLayer.MaxIntegerWeight)
                {
                    throw NodeFail(OnnxDiagnosticIds.NonBinaryWeights,
                        $"neuron {neuron}'s weights are neither ±c nor integers up to one common factor within ±{DenseLayer.MaxIntegerWeight} " +
                        $"(weight {i} is {weights[i].ToDouble().ToString("R", CultureInfo.InvariantCulture)}, {integer} times the largest common factor); " +
                        "binarize hidden weights and quantize a real first or last layer to fixed point (multiples of 2^-k)");
                }
                row[i] = (int)integer;
            }
            return (row, Rational.Create(gcd, denominator));
        }

        private Symbolic Arithmetic(string op, Symbolic a, Symbolic b)
        {
            if (a is ConstantValue ca && b is ConstantValue cb)
            {
                Func<double, double, double> f = op switch
                {
                    "Add" => (x, y) => x + y,
                    "Sub" => (x, y) => x - y,
                    "Mul" => (x, y) => x * y,
                    _ => (x, y) => x / y,
                };
                return new ConstantValue(ConstantFolding.Elementwise(ca.Tensor, cb.Tensor, f)
                    ?? throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"shapes {ca.Tensor.ShapeText} and {cb.Tensor.ShapeText} do not broadcast"));
            }
            bool constantFirst = a is ConstantValue;
            var (value, constant) = constantFirst ? (b, ((ConstantValue)a).Tensor) : (a, Constant(b, $"one operand of {op}"));
            int size = value switch { LinearValue l => l.Neurons, BinaryValue x => x.Scale.Length, _ => 0 };
            var k = PerNeuron(constant, size, op + "'s constant operand");
            var one = Filled(size, Rational.One);
            var zero = Filled(size, Rational.Zero);
            (Rational[] Scale, Rational[] Add) map = op switch
            {
                "Add" => (one, k),
                "Sub" when constantFirst => (Filled(size, -Rational.One), k),
                "Sub" => (one, [.. k.Select(v => -v)]),
                "Mul" => (k, zero),
                "Div" when !constantFirst && k.All(v => v.Sign != 0) => ([.. k.Select(v => Rational.One / v)], zero),
                _ => throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"{op} with {(constantFirst ? "a constant dividend" : "a zero divisor")} is not an affine map"),
            };
            return value switch
            {
                LinearValue l => Affine(l, map.Scale, map.Add),
                BinaryValue x => x with
                {
                    Scale = [.. x.Scale.Select((m, i) => m * map.Scale[i])],
                    Shift = [.. x.Shift.Select((s, i) => s * map.Scale[i] + map.Add[i])],
                },
                _ => throw Misplaced(value),
            };
        }

        private static LinearValue Affine(LinearValue l, Rational[] scale, Rational[] add) => l with
        {
            Slope = [.. l.Slope.Select((u, j) => u * scale[j])],
            Offset = [.. l.Offset.Select((v, j) => v * scale[j] + Surd.Of(add[j]))],
        };

        // γ·(v − μ)/√r + β = (γ/r)·(v − μ)·√r + β with r = σ² + ε: the value moves into Q(√r).
        private Symbolic BatchNorm(global::Onnx.NodeProto node, Symbolic value, Symbolic?[] args)
        {
            if (value is not LinearValue l)
                throw Misplaced(value);
            if (IntAttribute(node, "training_mode", 0) != 0)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, "BatchNormalization in training mode (export the model in eval mode)");
            if (args.Length < 5 || args.Skip(1).Take(4).Any(a => a is null))
                throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, "BatchNormalization needs scale, B, mean and var");
            int m = l.Neurons;
            var gamma = PerNeuron(Constant(args[1]!, "the scale"), m, "scale");
            var beta = PerNeuron(Constant(args[2]!, "B"), m, "B");
            var mean = PerNeuron(Constant(args[3]!, "the mean"), m, "mean");
            var variance = PerNeuron(Constant(args[4]!, "the variance"), m, "var");
            var epsilon = ExactBinary.ToRational(FloatAttribute(node, "epsilon", 1e-5f));
            var slope = new Surd[m];
            var offset = new Surd[m];
            var radicand = new Rational[m];
            for (int j = 0; j < m; j++)
            {
                if (!l.Slope[j].IsRational || !l.Offset[j].IsRational)
                    throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, $"neuron {j} goes through a second batch norm; one per layer is supported");
                var r = variance[j] + epsilon;
                if (r.Sign <= 0)
                    throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, $"neuron {j}: var + epsilon is {r.ToDouble().ToString("R", CultureInfo.InvariantCulture)}, not positive");
                var k = gamma[j] / r;
                slope[j] = new Surd(Rational.Zero, l.Slope[j].Rational * k);
                offset[j] = new Surd(beta[j], (l.Offset[j].Rational - mean[j]) * k);
                radicand[j] = r;
            }
            return l with { Slope = slope, Offset = offset, Radicand = radicand };
        }

        private Symbolic BipolarQuant(Symbolic value, OnnxTensor scale)
        {
            if (value is ConstantValue c)
            {
                var signs = ConstantFolding.Map(c.Tensor, v => v >= 0 ? 1.0 : -1.0);
                return new ConstantValue(ConstantFolding.Elementwise(signs, scale, (s, k) => s * k)
                    ?? throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"the scale {scale.ShapeText} does not broadcast to {c.Tensor.ShapeText}"));
            }
            if (value is not LinearValue l)
                throw Misplaced(value);
            var k = PerNeuron(scale, l.Neurons, "the scale");
            if (k.Any(v => v.Sign == 0))
                throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, "a BipolarQuant scale of 0 makes a constant, not a binary activation");
            var layer = (BinaryValue)SignLayer(l, SignRule.AtLeastZero, null, Rational.One, Rational.Zero);
            return layer with { Scale = k };
        }

        private Symbolic Quant(global::Onnx.NodeProto node, Symbolic value, Symbolic?[] args)
        {
            if (value is not ConstantValue c)
            {
                throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter,
                    $"Quant of {Describe(value)}: Quant is a multi-bit quantizer and, as the QONNX specification says (quant_op.md), " +
                    "does not represent binary or bipolar quantization; binarize activations with BipolarQuant or MultiThreshold");
            }
            if (args.Length < 4 || args.Skip(1).Take(3).Any(a => a is null))
                throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, "Quant needs scale, zeropt and bitwidth");
            var bitwidth = Constant(args[3]!, "the bit width");
            double bits = bitwidth.Count == 1 ? bitwidth.Values[0] : 0;
            if (bits < 1 || bits > 30 || bits != Math.Floor(bits))
                throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, "Quant's bitwidth must be one integer from 1 to 30");
            string mode = StringAttribute(node, "rounding_mode", "ROUND");
            return new ConstantValue(ConstantFolding.Quant(c.Tensor, Constant(args[1]!, "the scale"), Constant(args[2]!, "the zero point"), (int)bits,
                    IntAttribute(node, "signed", 1) != 0, IntAttribute(node, "narrow", 0) != 0, mode)
                ?? throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, $"Quant with rounding mode '{mode}' or parameters that do not broadcast"));
        }

        // FINN's MultiThreshold with one threshold per channel: out_scale·[v ≥ t] + out_bias.
        private Symbolic MultiThreshold(global::Onnx.NodeProto node, Symbolic value, OnnxTensor thresholds)
        {
            if (value is not LinearValue l)
                throw Misplaced(value);
            if (thresholds.Shape.Length != 2 || thresholds.Shape[1] != 1 || (thresholds.Shape[0] != 1 && thresholds.Shape[0] != l.Neurons))
            {
                throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter,
                    $"the thresholds are {thresholds.ShapeText}; a binary activation has one threshold per channel, [{l.Neurons}, 1] or [1, 1] (more thresholds make a multi-bit activation)");
            }
            var t = PerNeuron(thresholds with { Shape = [thresholds.Count] }, l.Neurons, "the thresholds");
            var outScale = ExactBinary.ToRational(FloatAttribute(node, "out_scale", 1f));
            var outBias = ExactBinary.ToRational(FloatAttribute(node, "out_bias", 0f));
            if (outScale.Sign == 0)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedParameter, "out_scale 0 makes a constant, not a binary activation");
            var layer = (BinaryValue)SignLayer(l, SignRule.AtLeastZero, t, Rational.One, Rational.Zero);
            // false gives out_bias, true out_scale + out_bias: m·x + a with m = out_scale/2, a = out_bias + out_scale/2.
            var half = outScale * Rational.Create(1, 2);
            return layer with { Scale = Filled(l.Neurons, half), Shift = Filled(l.Neurons, outBias + half) };
        }

        private Symbolic SignLayer(LinearValue l, SignRule rule, Rational[]? thresholds, Rational scale, Rational shift)
        {
            RequireLatest(l);
            int n = l.Inputs;
            bool binary = l.Weights.All(w => w is >= -1 and <= 1);
            if (!binary && l.Source >= 0)
            {
                int neuron = Array.FindIndex(l.Weights, w => w is < -1 or > 1) / n;
                throw NodeFail(OnnxDiagnosticIds.NonBinaryWeights,
                    $"the hidden layer of {l.Node} has weights that are not ±c (neuron {neuron}'s are in the ratio {string.Join(" : ", l.Weights.Skip(neuron * n).Take(n))}); " +
                    "only the first layer (on the graph input) and the class scores may have higher precision");
            }
            var result = ImmutableArray.CreateBuilder<NeuronThreshold>(l.Neurons);
            for (int j = 0; j < l.Neurons; j++)
            {
                var row = l.Weights.AsSpan(j * n, n);
                int reach = DenseLayer.ReachOf(row);
                var slope = l.Slope[j];
                var offset = thresholds is null ? l.Offset[j] : l.Offset[j] + Surd.Of(-thresholds[j]);
                var r = l.Radicand[j];
                int Sign(long s) => (slope * s + offset).Sign(r);
                int direction = slope.Sign(r);
                NeuronThreshold threshold;
                if (direction == 0)
                {
                    int constant = offset.Sign(r);
                    if (rule == SignRule.OnnxSign && constant == 0)
                        throw NodeFail(OnnxDiagnosticIds.SignOfZero, $"neuron {j}'s argument is 0 for every input; ONNX Sign(0) = 0 is no boolean");
                    threshold = NeuronThreshold.AtLeast(constant >= 0 ? -reach : reach + 1);
                }
                else
                {
                    long boundary = Boundary(reach, direction, s => Sign(s) >= 0);
                    if (rule == SignRule.OnnxSign && Math.Abs(boundary) <= reach && Sign(boundary) == 0 && Reachable(row, reach, (int)boundary))
                    {
                        throw NodeFail(OnnxDiagnosticIds.SignOfZero,
                            $"neuron {j}'s argument is exactly 0 when its weighted sum Σwᵢxᵢ is {boundary}, which an input reaches; " +
                            "ONNX Sign(0) = 0 is no boolean (use BipolarQuant, whose sign(0) is +1, or a bias that keeps the value off 0)");
                    }
                    threshold = direction > 0 ? NeuronThreshold.AtLeast((int)boundary) : NeuronThreshold.AtMost((int)boundary);
                    // |value| is smallest at the reachable sums nearest the boundary, one on each side.
                    foreach (int side in (ReadOnlySpan<int>)[-1, 1])
                    {
                        long s = side > 0 ? boundary : boundary - 1;
                        while (Math.Abs(s) <= reach && !Reachable(row, reach, (int)s))
                            s += side;
                        if (Math.Abs(s) <= reach)
                            _smallestMargin = Math.Min(_smallestMargin, Math.Abs((slope * s + offset).Approximate(r)));
                    }
                }
                if (rule == SignRule.OnnxSign)
                    _zeroFreeSigns++;
                result.Add(threshold);
            }
            _layers.Add(DenseLayer.Sign(n, binary ? WeightPrecision.Binary : WeightPrecision.Integer, [.. l.Weights], result.MoveToImmutable()));
            return new BinaryValue(_layers.Count - 1, Filled(l.Neurons, scale), Filled(l.Neurons, shift), [1, l.Neurons]);
        }

        // The smallest sum in [−reach, reach] where the value is ≥ 0 for an increasing value (reach + 1: none), or the
        // largest for a decreasing one (−reach − 1: none); the value is affine in the sum, so a binary search finds it.
        private static long Boundary(int reach, int direction, Func<long, bool> atLeastZero)
        {
            if (direction > 0)
            {
                long low = -reach, high = reach + 1L;
                while (low < high)
                {
                    long middle = low + ((high - low) >> 1);
                    if (atLeastZero(middle))
                        high = middle;
                    else
                        low = middle + 1;
                }
                return low;
            }
            else
            {
                long low = -reach - 1L, high = reach;
                while (low < high)
                {
                    long middle = low + ((high - low + 1) >> 1);
                    if (atLeastZero(middle))
                        low = middle;
                    else
                        high = middle - 1;
                }
                return low;
            }
        }

        // Whether Σwᵢxᵢ = s for some x ∈ {±1}ⁿ: for binary rows every s of the parity of the reach in range is;
        // for integer rows a subset-sum table decides it (up to a reach of 2^20; beyond, parity is the proof).
        private static bool Reachable(ReadOnlySpan<int> row, int reach, int s)
        {
            if (Math.Abs(s) > reach || ((s - reach) & 1) != 0)
                return false;
            bool binary = true;
            foreach (int w in row)
                binary &= w is >= -1 and <= 1;
            if (binary || reach > 1 << 20)
                return true;
            // Σwᵢxᵢ = s ⇔ Σ_{xᵢ=+1} |wᵢ| = (s + reach)/2.
            int target = (s + reach) / 2;
            var can = new bool[target + 1];
            can[0] = true;
            foreach (int w in row)
            {
                int a = Math.Abs(w);
                for (int v = target; v >= a && a > 0; v--)
                    can[v] |= can[v - a];
            }
            return can[target];
        }

        private void RequireLatest(LinearValue l)
        {
            if (l.Source != _layers.Count - 1)
            {
                throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure,
                    $"{l.Node} reads {(l.Source < 0 ? "the graph input" : $"layer {l.Source + 1}")}, not the previous layer; skip connections are not supported");
            }
        }

        private ArgmaxOutput ScoresOutput(LinearValue l)
        {
            RequireLatest(l);
            var factor = l.Slope[0];
            for (int j = 0; j < l.Neurons; j++)
            {
                if (!l.Slope[j].IsRational || !l.Offset[j].IsRational || l.Slope[j] != factor || factor.Rational.Sign <= 0)
                {
                    throw Fail(OnnxDiagnosticIds.ScoresNotRepresentable, "graph.output[0]",
                        $"the class scores of {l.Node} are not one positive common factor times integer sums plus a bias (class {j} is scaled by " +
                        $"{l.Slope[j].Approximate(l.Radicand[j]).ToString("G6", CultureInfo.InvariantCulture)}, class 0 by {factor.Approximate(l.Radicand[0]).ToString("G6", CultureInfo.InvariantCulture)}); " +
                        "a batch norm or a per-class scale before the argmax cannot be kept exactly");
                }
            }
            int n = l.Inputs;
            var reaches = LayerImport.Reaches([.. l.Weights], n);
            var biases = l.Offset.Select(v => v.Rational / factor.Rational).ToArray();
            var scaled = ScoreScaling.Find(reaches, biases)
                ?? throw Fail(OnnxDiagnosticIds.ScoresNotRepresentable, "graph.output[0]", $"no integer scores with weights up to {DenseLayer.MaxIntegerWeight} order the classes as the real biases do");
            if (l.Weights.Any(w => (long)Math.Abs(w) * scaled.Scale > DenseLayer.MaxIntegerWeight))
                throw Fail(OnnxDiagnosticIds.ScoresNotRepresentable, "graph.output[0]", $"the exact integer scores need weights {scaled.Scale} times the layer's, beyond ±{DenseLayer.MaxIntegerWeight}");
            bool binary = scaled.Scale == 1 && l.Weights.All(w => w is >= -1 and <= 1);
            _layers.Add(DenseLayer.Scores(n, binary ? WeightPrecision.Binary : WeightPrecision.Integer, [.. l.Weights.Select(w => w * scaled.Scale)], scaled.Offsets));
            _notes.Add(scaled.Scale == 1
                ? $"output: the real scores c·s + b of {l.Node} are ordered exactly as the integer scores s + B, ties included"
                : $"output: the real scores c·s + b of {l.Node} are ordered exactly as the integer scores {scaled.Scale}·s + B, ties included");
            var classes = names.Classes ?? [.. Enumerable.Range(0, l.Neurons).Select(j => options.ClassPrefix + j.ToString(CultureInfo.InvariantCulture))];
            if (classes.Length != l.Neurons)
                throw NamesFail("classes", $"the names file names {classes.Length} classes, but the graph has {l.Neurons} class scores");
            if (names.Bits is not null)
                throw NamesFail("bits", "the graph ends in class scores, so the names file names classes, not bits");
            return new ArgmaxOutput(classes, TieBreak.LowestIndex);
        }

        private BitsOutput BitsOutput(BinaryValue bits, string outputName)
        {
            int count = bits.Scale.Length;
            var named = names.Bits ?? [.. Enumerable.Range(0, count).Select(j => Identifier(outputName) + "_" + j.ToString(CultureInfo.InvariantCulture))];
            if (named.Length != count)
                throw NamesFail("bits", $"the names file names {named.Length} bits, but the graph outputs {count}");
            if (names.Classes is not null)
                throw NamesFail("classes", "the graph ends in a sign layer (bits), so the names file names bits, not classes");
            _notes.Add($"output: {count} bits, the ±1 values of the last sign layer (true = +1)");
            return new BitsOutput(named);
        }

        private ImportResult Build(int inputCount, ModelOutput output, string sha256)
        {
            var inputs = names.Inputs ?? [.. Enumerable.Range(0, inputCount).Select(i => Identifier(_inputName) + "_" + i.ToString(CultureInfo.InvariantCulture))];
            if (inputs.Length != inputCount)
                throw NamesFail("inputs", $"the names file names {inputs.Length} inputs, but the graph input '{_inputName}' has {inputCount} elements");
            _notes.Insert(0, $"{_layers.Count} layer{(_layers.Count == 1 ? "" : "s")}; input '{_inputName}': {inputCount} booleans given as {(names.InputValues == OnnxInputValues.ZeroOne ? "0/1" : "-1/+1")}" +
                (names.File is null ? "" : $" (names from {names.File})"));
            if (_zeroFreeSigns > 0)
                _notes.Add($"Sign: the argument of every one of {_zeroFreeSigns} Sign neurons is provably never 0 on any input, so ONNX's Sign(0) = 0 never occurs");
            if (double.IsFinite(_smallestMargin))
                _notes.Add($"the smallest |value before a sign or threshold| over reachable sums is {_smallestMargin.ToString("G4", CultureInfo.InvariantCulture)} (exact decisions; a float32 runtime rounds near 1e-7 relative)");
            string format = options.Dialect == OnnxDialect.Qonnx ? "qonnx" : "onnx";
            var opsets = new JsonObject();
            foreach (var opset in model.OpsetImport)
                opsets[opset.Domain.Length == 0 ? "ai.onnx" : opset.Domain] = opset.Version;
            var metadata = new JsonObject
            {
                ["importedFrom"] = new JsonObject
                {
                    ["format"] = format,
                    ["file"] = Path.GetFileName(file),
                    ["sha256"] = sha256,
                    ["producer"] = (model.ProducerName + " " + model.ProducerVersion).Trim(),
                    ["opsets"] = opsets,
                    ["inputValues"] = names.InputValues == OnnxInputValues.ZeroOne ? "0/1" : "-1/+1",
                    ["arithmetic"] = "exact real arithmetic on the graph's float32 parameters; constant subexpressions folded in float32",
                    ["signAtZero"] = "ONNX Sign(0) = 0: proved unreachable for every Sign neuron; BipolarQuant(0) = +1; MultiThreshold true iff x >= t",
                    ["tieBreak"] = "lowest-index (numpy and torch argmax return the first maximum)",
                },
            };
            string name = options.Name ?? ChainerNpzImporter.SafeName(Path.GetFileNameWithoutExtension(file));
            string producer = model.ProducerName.Length == 0 ? "" : $", producer {model.ProducerName} {model.ProducerVersion}".TrimEnd();
            try
            {
                var bnn = new BnnModel(name, inputs, [.. _layers], output, null, $"Imported from {Path.GetFileName(file)} ({format.ToUpperInvariant()}{producer}).", metadata);
                return new ImportResult(bnn, null, [.. _notes]);
            }
            catch (ArgumentException e) when (names.File is not null)
            {
                throw NamesFail("inputs", "the names do not make a model: " + e.Message);
            }
        }

        private static string Identifier(string name)
        {
            var text = new string([.. name.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_')]);
            return text.Length == 0 || char.IsAsciiDigit(text[0]) ? "x" + text : text;
        }

        private Rational[] PerNeuron(OnnxTensor tensor, int size, string what)
        {
            if (tensor.Count == 1)
                return Filled(size, ExactBinary.ToRational(tensor.Values[0]));
            bool vector = tensor.Count == size && tensor.Shape.Count(d => d != 1) <= 1;
            if (!vector)
                throw NodeFail(OnnxDiagnosticIds.UnsupportedStructure, $"{what} has shape {tensor.ShapeText}; expected one value or one per neuron ({size})");
            return [.. tensor.Values.Select(ExactBinary.ToRational)];
        }

        private static Rational[] Filled(int size, Rational value) => Enumerable.Repeat(value, size).ToArray();

        private static long IntAttribute(global::Onnx.NodeProto node, string name, long fallback) =>
            node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

        private static float FloatAttribute(global::Onnx.NodeProto node, string name, float fallback) =>
            node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;

        private static string StringAttribute(global::Onnx.NodeProto node, string name, string fallback) =>
            node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.S.ToStringUtf8() : fallback;

        private static IReadOnlyList<long>? IntsAttribute(global::Onnx.NodeProto node, string name) =>
            node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints;

        private string NodeName => _node is null ? "the graph" : $"node '{_node.Name}' ({_node.OpType})";

        private DiagnosticException NodeFail(string id, string message) =>
            Fail(id, $"graph.node[{_nodeIndex}]", $"{NodeName}: {message}");

        private DiagnosticException Fail(string id, string where, string message) =>
            new(Diagnostic.Error(id, new SourceLocation(file, 0, 0, where), message));

        private DiagnosticException NamesFail(string field, string message) =>
            new(Diagnostic.Error(OnnxDiagnosticIds.BadNames, new SourceLocation(names.File ?? file, 0, 0, names.File is null ? null : "$." + field), message));
    }
}

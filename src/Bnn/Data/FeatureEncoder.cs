using System.Collections.Immutable;
using System.Globalization;
using BnnVerify.Bnn.Diagnostics;

namespace BnnVerify.Bnn.Data;

/// <summary>The outcome of encoding a table: the data set, or the first diagnostic that says what is wrong and where.</summary>
public sealed record DataSetReadResult(EncodedDataSet? DataSet, Diagnostic? Error)
{
    /// <summary>True when a data set was built.</summary>
    public bool Succeeded => DataSet is not null;
}

/// <summary>
/// Turns a <see cref="CsvTable"/> into boolean inputs and labels, column by column and in header order:
/// a boolean column stays one input; a categorical column becomes one input per value (<c>legs_4</c>),
/// values in numeric order when they are all numbers and in ordinal order otherwise; a numeric column
/// binarised by a <see cref="BinarizeRule"/> stays one input. A numeric column that is not boolean
/// needs an explicit choice, so that 0..16 pixels never silently become 17 one-hot inputs.
/// </summary>
public static class FeatureEncoder
{
    /// <summary>Cells with this text, or empty cells, are unknown values.</summary>
    public const string UnknownMarker = "?";

    /// <summary>The suffix of the extra input that marks unknown cells under <see cref="UnknownValueTreatment.Indicator"/>.</summary>
    public const string UnknownSuffix = "_unknown";

    // Value pairs (false, true) that make a column boolean, compared case-insensitively.
    private static readonly (string False, string True)[] BooleanVocabularies =
        [("0", "1"), ("n", "y"), ("no", "yes"), ("f", "t"), ("false", "true")];

    /// <summary>Reads the CSV file at <paramref name="path"/> and encodes it with <paramref name="options"/>.</summary>
    public static DataSetReadResult ReadFile(string path, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var csv = CsvReader.ReadFile(path, options.ColumnNames.IsDefault ? [] : options.ColumnNames);
        return csv.Table is null ? new(null, csv.Error) : Encode(csv.Table, options);
    }

    /// <summary>Encodes <paramref name="table"/> with <paramref name="options"/>.</summary>
    public static DataSetReadResult Encode(CsvTable table, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return new(new Encoder(table, options).Run(), null);
        }
        catch (DiagnosticException e)
        {
            return new(null, e.Diagnostic);
        }
    }

    /// <summary>True when <paramref name="cell"/> is an unknown value.</summary>
    public static bool IsUnknown(string cell) => cell.Length == 0 || cell == UnknownMarker;

    /// <summary>One column's encoding: its inputs, and how a cell sets them.</summary>
    private sealed class ColumnPlan(int column, FeatureKind kind, List<string> names, BinarizeRule? rule)
    {
        public int Column { get; } = column;
        public FeatureKind Kind { get; } = kind;
        public List<string> Names { get; } = names;
        public BinarizeRule? Rule { get; } = rule;
        public int FirstInput { get; set; }
        public (string False, string True) Vocabulary { get; init; }
        public Dictionary<string, int> ValueIndex { get; } = new(StringComparer.Ordinal);
        public bool HasUnknownInput { get; init; }
    }

    private sealed class Encoder(CsvTable table, FeatureOptions options)
    {
        public EncodedDataSet Run()
        {
            if (options.Targets.IsDefaultOrEmpty)
                throw Fail(DataDiagnosticIds.UnknownColumn, SourceLocation.OfFile("--target"), "no target column given");
            var targets = ResolveColumns(options.Targets, "--target");
            var ignored = ResolveColumns(options.Ignored, "--ignore");
            var categorical = ResolveColumns(options.Categorical, "--categorical");
            foreach (int t in targets)
            {
                if (ignored.Contains(t))
                    throw Fail(DataDiagnosticIds.ConflictingColumnOptions, SourceLocation.OfFile("--ignore"), $"'{table.Header[t]}' is the target and cannot be ignored");
                if (categorical.Contains(t))
                    throw Fail(DataDiagnosticIds.ConflictingColumnOptions, SourceLocation.OfFile("--categorical"), $"'{table.Header[t]}' is the target; its values are the classes already");
            }
            var rules = options.Binarize.IsDefault ? [] : options.Binarize;
            foreach (var rule in rules)
            {
                bool matched = false;
                for (int c = 0; c < table.ColumnCount && !matched; c++)
                    matched = rule.Matches(table.Header[c]) && !targets.Contains(c) && !ignored.Contains(c);
                if (!matched)
                    throw Fail(DataDiagnosticIds.UnknownColumn, SourceLocation.OfFile("--binarize"), $"the rule '{rule}' matches no feature column; {ColumnList()}");
            }
            if (table.RowCount == 0)
                throw Fail(DataDiagnosticIds.NothingToLearn, new SourceLocation(table.Path, table.HeaderLine, 1), "the file has a header but no data rows");

            var plans = new List<ColumnPlan>();
            var inputNames = new List<string>();
            var nameOrigin = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int c = 0; c < table.ColumnCount; c++)
            {
                if (targets.Contains(c) || ignored.Contains(c))
                    continue;
                var plan = PlanFeature(c, categorical.Contains(c));
                plan.FirstInput = inputNames.Count;
                foreach (var name in plan.Names)
                {
                    if (nameOrigin.TryGetValue(name, out int other))
                    {
                        throw Fail(DataDiagnosticIds.NameClash, table.HeaderLocation(c),
                            $"column '{table.Header[c]}' gives the input '{name}', which column '{table.Header[other]}' gives too; rename one of them or --ignore it");
                    }
                    nameOrigin.Add(name, c);
                    inputNames.Add(name);
                }
                plans.Add(plan);
            }
            if (inputNames.Count == 0)
                throw Fail(DataDiagnosticIds.NothingToLearn, new SourceLocation(table.Path, table.HeaderLine, 1), "no feature columns are left besides the target and the ignored columns");

            bool multiLabel = targets.Count > 1;
            var outputPlan = multiLabel ? null : PlanClasses(targets[0]);
            var outputNames = new List<string>();
            var bitVocabularies = new List<(string False, string True)>();
            if (multiLabel)
            {
                foreach (int t in targets)
                {
                    var vocabulary = BooleanVocabularyOf(t, allowUnknown: false)
                        ?? throw Fail(DataDiagnosticIds.TargetNotBoolean, table.HeaderLocation(t),
                            $"with several targets each is a named output bit, so '{table.Header[t]}' must be boolean (0/1, n/y, no/yes, f/t or false/true); {DescribeValues(t)}");
                    bitVocabularies.Add(vocabulary);
                    outputNames.Add(NameSanitizer.ColumnName(table.Header[t]));
                }
            }
            else
            {
                outputNames.AddRange(outputPlan!.Names);
            }
            var outputOrigin = new HashSet<string>(StringComparer.Ordinal);
            for (int k = 0; k < outputNames.Count; k++)
            {
                int column = multiLabel ? targets[k] : targets[0];
                if (nameOrigin.TryGetValue(outputNames[k], out int other))
                    throw Fail(DataDiagnosticIds.NameClash, table.HeaderLocation(column), $"the output '{outputNames[k]}' has the name of an input from column '{table.Header[other]}'");
                if (!outputOrigin.Add(outputNames[k]))
                    throw Fail(DataDiagnosticIds.NameClash, table.HeaderLocation(column), $"two outputs are named '{outputNames[k]}' after sanitising");
            }
            if (!multiLabel && outputNames.Count < 2)
                throw Fail(DataDiagnosticIds.NothingToLearn, table.HeaderLocation(targets[0]), $"the target '{table.Header[targets[0]]}' has a single class '{outputNames[0]}'; there is nothing to learn");

            int rows = table.RowCount, inputCount = inputNames.Count;
            var inputs = new bool[rows * inputCount];
            var classes = multiLabel ? [] : new int[rows];
            var bits = multiLabel ? new bool[rows * targets.Count] : [];
            var lines = new int[rows];
            for (int r = 0; r < rows; r++)
            {
                lines[r] = table.Line(r);
                var row = inputs.AsSpan(r * inputCount, inputCount);
                foreach (var plan in plans)
                    EncodeCell(plan, r, row);
                if (multiLabel)
                {
                    for (int k = 0; k < targets.Count; k++)
                    {
                        string cell = table.Cell(r, targets[k]);
                        if (IsUnknown(cell))
                            throw Fail(DataDiagnosticIds.MissingTarget, table.CellLocation(r, targets[k]), $"the target '{table.Header[targets[k]]}' is unknown in this row; every row needs its label");
                        bits[r * targets.Count + k] = string.Equals(cell, bitVocabularies[k].True, StringComparison.OrdinalIgnoreCase);
                    }
                }
                else
                {
                    string cell = table.Cell(r, targets[0]);
                    if (IsUnknown(cell))
                        throw Fail(DataDiagnosticIds.MissingTarget, table.CellLocation(r, targets[0]), $"the target '{table.Header[targets[0]]}' is unknown in this row; every row needs its label");
                    classes[r] = outputPlan!.ValueIndex[cell];
                }
            }

            var columns = ImmutableArray.CreateBuilder<FeatureColumn>(table.ColumnCount);
            for (int c = 0; c < table.ColumnCount; c++)
            {
                int targetIndex = targets.IndexOf(c);
                if (targetIndex >= 0)
                {
                    columns.Add(multiLabel
                        ? new FeatureColumn(table.Header[c], FeatureKind.TargetBit, [outputNames[targetIndex]])
                        : new FeatureColumn(table.Header[c], FeatureKind.TargetClasses, [.. outputNames]));
                }
                else if (ignored.Contains(c))
                {
                    columns.Add(new FeatureColumn(table.Header[c], FeatureKind.Ignored, []));
                }
                else
                {
                    var plan = plans.Find(p => p.Column == c)!;
                    columns.Add(new FeatureColumn(table.Header[c], plan.Kind, [.. plan.Names], plan.Rule));
                }
            }
            return new EncodedDataSet(table.Path, [.. inputNames], [.. outputNames], multiLabel, inputs, classes, bits, lines, columns.ToImmutable());
        }

        private List<int> ResolveColumns(ImmutableArray<string> names, string option)
        {
            var result = new List<int>();
            if (names.IsDefaultOrEmpty)
                return result;
            foreach (var name in names)
            {
                int index = table.IndexOf(name);
                if (index < 0)
                    throw Fail(DataDiagnosticIds.UnknownColumn, SourceLocation.OfFile(option), $"'{table.Path}' has no column '{name}'; {ColumnList()}");
                if (result.Contains(index))
                    throw Fail(DataDiagnosticIds.ConflictingColumnOptions, SourceLocation.OfFile(option), $"the column '{name}' is named twice");
                result.Add(index);
            }
            return result;
        }

        private ColumnPlan PlanFeature(int c, bool forceCategorical)
        {
            string column = table.Header[c];
            bool hasUnknown = HasUnknown(c);
            bool indicator = hasUnknown && options.Unknown == UnknownValueTreatment.Indicator;
            if (!forceCategorical)
            {
                foreach (var rule in options.Binarize.IsDefault ? [] : options.Binarize)
                {
                    if (!rule.Matches(column))
                        continue;
                    // A wildcard only claims columns that are numbers throughout; a rule naming the column exactly insists.
                    int bad = FirstNonNumericRow(c);
                    if (bad >= 0)
                    {
                        if (rule.IsWildcard)
                            continue;
                        throw Fail(DataDiagnosticIds.NotANumber, table.CellLocation(bad, c), $"'{table.Cell(bad, c)}' is not a number, but '--binarize {rule}' compares column '{column}' with a threshold");
                    }
                    return new ColumnPlan(c, FeatureKind.Threshold, WithUnknown([NameSanitizer.ColumnName(column)], column, indicator), rule) { HasUnknownInput = indicator };
                }
                if (BooleanVocabularyOf(c, allowUnknown: true) is { } vocabulary)
                {
                    return new ColumnPlan(c, FeatureKind.Boolean, WithUnknown([NameSanitizer.ColumnName(column)], column, indicator), null)
                    {
                        Vocabulary = vocabulary,
                        HasUnknownInput = indicator,
                    };
                }
                if (FirstNonNumericRow(c) < 0)
                {
                    throw Fail(DataDiagnosticIds.NumericColumnNeedsTreatment, table.HeaderLocation(c),
                        $"column '{column}' holds numbers ({DescribeValues(c)}); say how to make it boolean: '--categorical {column}' (one input per value) or '--binarize {column}>=NUMBER' (one input, true at or above the threshold)");
                }
            }
            var values = DistinctKnownValues(c);
            var names = new List<string>(values.Count + 1);
            var plan = new ColumnPlan(c, FeatureKind.Categorical, names, null) { HasUnknownInput = indicator };
            foreach (var value in values)
            {
                plan.ValueIndex.Add(value, names.Count);
                names.Add(NameSanitizer.Indicator(column, value));
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (!seen.Add(name))
                    throw Fail(DataDiagnosticIds.NameClash, table.HeaderLocation(c), $"two values of column '{column}' both become the input '{name}' after sanitising");
            }
            WithUnknown(names, column, indicator);
            return plan;
        }

        private ColumnPlan PlanClasses(int c)
        {
            string column = table.Header[c];
            var values = DistinctKnownValues(c);
            var names = new List<string>(values.Count);
            var plan = new ColumnPlan(c, FeatureKind.TargetClasses, names, null);
            foreach (var value in values)
            {
                plan.ValueIndex.Add(value, names.Count);
                names.Add(NameSanitizer.ClassName(column, value));
            }
            return plan;
        }

        private static List<string> WithUnknown(List<string> names, string column, bool indicator)
        {
            if (indicator)
                names.Add(NameSanitizer.ColumnName(column) + UnknownSuffix);
            return names;
        }

        private void EncodeCell(ColumnPlan plan, int r, Span<bool> row)
        {
            string cell = table.Cell(r, plan.Column);
            if (IsUnknown(cell))
            {
                // Every ordinary input of the column stays false; the indicator, if any, is the last name.
                if (plan.HasUnknownInput)
                    row[plan.FirstInput + plan.Names.Count - 1] = true;
                return;
            }
            switch (plan.Kind)
            {
                case FeatureKind.Boolean:
                    row[plan.FirstInput] = string.Equals(cell, plan.Vocabulary.True, StringComparison.OrdinalIgnoreCase);
                    break;
                case FeatureKind.Threshold:
                    row[plan.FirstInput] = plan.Rule!.Apply(double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture));
                    break;
                default:
                    row[plan.FirstInput + plan.ValueIndex[cell]] = true;
                    break;
            }
        }

        private bool HasUnknown(int c)
        {
            for (int r = 0; r < table.RowCount; r++)
            {
                if (IsUnknown(table.Cell(r, c)))
                    return true;
            }
            return false;
        }

        private int FirstNonNumericRow(int c)
        {
            for (int r = 0; r < table.RowCount; r++)
            {
                string cell = table.Cell(r, c);
                if (!IsUnknown(cell) && !IsNumber(cell))
                    return r;
            }
            return -1;
        }

        private (string False, string True)? BooleanVocabularyOf(int c, bool allowUnknown)
        {
            foreach (var vocabulary in BooleanVocabularies)
            {
                bool fits = true;
                for (int r = 0; r < table.RowCount && fits; r++)
                {
                    string cell = table.Cell(r, c);
                    fits = IsUnknown(cell)
                        ? allowUnknown
                        : string.Equals(cell, vocabulary.False, StringComparison.OrdinalIgnoreCase) || string.Equals(cell, vocabulary.True, StringComparison.OrdinalIgnoreCase);
                }
                if (fits)
                    return vocabulary;
            }
            return null;
        }

        // Known values in numeric order when all are numbers (legs 0, 2, 4, ... 10), else in ordinal order.
        private List<string> DistinctKnownValues(int c)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            for (int r = 0; r < table.RowCount; r++)
            {
                string cell = table.Cell(r, c);
                if (!IsUnknown(cell))
                    set.Add(cell);
            }
            var values = new List<string>(set);
            bool numeric = values.TrueForAll(IsNumber);
            if (numeric)
            {
                values.Sort((a, b) =>
                {
                    int byValue = ParseNumber(a).CompareTo(ParseNumber(b));
                    return byValue != 0 ? byValue : string.CompareOrdinal(a, b);
                });
            }
            else
            {
                values.Sort(StringComparer.Ordinal);
            }
            return values;
        }

        private string DescribeValues(int c)
        {
            var values = DistinctKnownValues(c);
            const int Shown = 8;
            string list = string.Join(", ", values.Take(Shown));
            return values.Count <= Shown ? $"values {list}" : $"{values.Count} distinct values {list}, ...";
        }

        private string ColumnList()
        {
            const int Shown = 12;
            string list = string.Join(", ", table.Header.Take(Shown));
            return table.ColumnCount <= Shown ? $"the columns are: {list}" : $"the {table.ColumnCount} columns are: {list}, ...";
        }

        private static bool IsNumber(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v);

        private static double ParseNumber(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

        private static DiagnosticException Fail(string id, SourceLocation location, string message) => new(Diagnostic.Error(id, location, message));
    }
}

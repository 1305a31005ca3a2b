using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BnnVerify.Bnn.Engine;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>
/// Any program as the reference (<c>exec:PATH [ARG…]</c>), spoken to through the line protocol of
/// docs/equivalence.md: a header naming the inputs and the outputs, then batches of input lines (one character
/// 0 or 1 per input) each closed by an empty line, and the end of the input after the last batch; the program
/// answers every input line with one line (a class name, or one 0/1 character per output bit). One process
/// answers every input of the domain.
/// </summary>
/// <remarks>
/// The inputs of a batch are written on another thread while the answers are read, so a program that answers as it
/// reads never blocks on a full pipe. A program may buffer its output until it reads a batch's empty line, or, for
/// the last batch, until its input ends. Anything else — an exit before the last answer, a line that is no answer,
/// an extra line, an exit code other than 0 — is a <see cref="ReferenceFailedException"/>, never a verdict.
/// </remarks>
internal sealed class ProcessReference : IEquivalenceReference
{
    /// <summary>The prefix of this reference's name.</summary>
    public const string Prefix = "exec:";

    /// <summary>Inputs per batch: enough to amortise the round trip, few enough to keep the answers in a pipe's buffer.</summary>
    public const int BatchSize = 4096;

    private const int StandardErrorLinesKept = 5;

    private readonly OutputSpace _space;
    private readonly int _inputCount;
    private readonly Process _process;
    private readonly Queue<string> _standardError = new();
    private readonly char[] _line;
    private long _answered, _sent;
    private bool _finished;

    private ProcessReference(string name, OutputSpace space, Process process)
    {
        Name = name;
        _space = space;
        _inputCount = space.Model.InputCount;
        _process = process;
        _line = new char[_inputCount + 1];
        _line[_inputCount] = '\n';
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool IsThreadSafe => false;

    /// <inheritdoc/>
    public int PreferredBatchSize => BatchSize;

    /// <summary>
    /// Starts the program of <paramref name="command"/> (the text after <c>exec:</c>) and writes the header. Returns null
    /// with <paramref name="invalid"/> true when the command is malformed or names no file (a user mistake), or with
    /// it false when the program exists but cannot be started.
    /// </summary>
    public static ProcessReference? Start(string command, OutputSpace space, out string? problem, out bool invalid)
    {
        problem = null;
        invalid = true;
        var words = SplitCommand(command, out string? splitProblem);
        if (words is null || words.Count == 0)
        {
            problem = splitProblem ?? "exec: needs a program, as in --reference 'exec:./my-reference --flag'";
            return null;
        }
        string program = words[0];
        if (program.Contains('/', StringComparison.Ordinal) && !File.Exists(program))
        {
            problem = $"{program}: error: the reference program does not exist";
            return null;
        }
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (string argument in words.Skip(1))
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        string name = Prefix + command;
        var reference = new ProcessReference(name, space, process);
        process.ErrorDataReceived += (_, e) => reference.KeepStandardError(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            invalid = !program.Contains('/', StringComparison.Ordinal);
            problem = $"{program}: error: cannot start the reference program: {e.Message}";
            return null;
        }
        process.BeginErrorReadLine();
        process.StandardInput.AutoFlush = false;
        try
        {
            reference.WriteHeader();
        }
        catch (IOException)
        {
            // The program ended at once; the first batch reports how.
        }
        invalid = false;
        return reference;
    }

    /// <inheritdoc/>
    public void Answer(ReadOnlySpan<ulong> inputs, int count, Span<ulong> answers, bool isLast, CancellationToken cancellation)
    {
        if (_finished)
            throw new InvalidOperationException("the reference's input is already closed");
        cancellation.ThrowIfCancellationRequested();
        // Writing while reading: the answers of a long batch would otherwise fill the pipe and block both sides.
        var text = BatchText(inputs, count, isLast);
        _sent += count;
        var writer = Task.Run(() => WriteBatch(text, isLast), CancellationToken.None);
        using var kill = cancellation.Register(Kill);
        try
        {
            for (int item = 0; item < count; item++)
            {
                string? line = _process.StandardOutput.ReadLine();
                cancellation.ThrowIfCancellationRequested();
                if (line is null)
                    throw Failure($"stopped after answering {Answers(_answered)} of the {Answers(_sent)} inputs sent: {HowItEnded()}");
                answers[item] = Parse(line, _answered + 1);
                _answered++;
            }
            if (isLast)
            {
                _finished = true;
                string? extra = _process.StandardOutput.ReadLine();
                cancellation.ThrowIfCancellationRequested();
                if (extra is not null)
                    throw Failure(string.Create(CultureInfo.InvariantCulture, $"printed more lines than it was given inputs: line {_answered + 1} of its output is '{Shorten(extra)}' after the answer to the last of {_answered} inputs"));
                WaitForExit(cancellation);
                cancellation.ThrowIfCancellationRequested();
                if (_process.ExitCode != 0)
                    throw Failure($"answered every input but then {HowItEnded()}");
            }
        }
        finally
        {
            // The writer fails with a broken pipe when the program is gone; what the reader saw says why.
            try
            {
                writer.Wait(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (AggregateException)
            {
            }
        }
    }

    /// <inheritdoc/>
    public NetworkOutput? Explain(ReadOnlySpan<bool> inputs) => null;

    /// <inheritdoc/>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void WriteHeader()
    {
        var stdin = _process.StandardInput;
        stdin.Write("inputs");
        foreach (string name in _space.Model.InputNames)
            stdin.Write(" " + name);
        stdin.Write('\n');
        stdin.Write(_space.IsArgmax ? "classes" : "bits");
        foreach (string name in _space.Names)
            stdin.Write(" " + name);
        stdin.Write('\n');
    }

    private string BatchText(ReadOnlySpan<ulong> inputs, int count, bool isLast)
    {
        int words = PackedBits.WordsFor(_inputCount);
        var text = new StringBuilder(count * (_inputCount + 1) + 1);
        for (int item = 0; item < count; item++)
        {
            var input = inputs.Slice(item * words, words);
            for (int i = 0; i < _inputCount; i++)
                _line[i] = ((input[i >> 6] >> (i & 63)) & 1) != 0 ? '1' : '0';
            text.Append(_line);
        }
        // The empty line ends a batch: the program must now have written its answers. The last batch ends with the input.
        if (!isLast)
            text.Append('\n');
        return text.ToString();
    }

    private void WriteBatch(string text, bool isLast)
    {
        try
        {
            var stdin = _process.StandardInput;
            stdin.Write(text);
            stdin.Flush();
            if (isLast)
                stdin.Close();
        }
        catch (IOException)
        {
            // Broken pipe: the program has exited; the reader reports it.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private ulong Parse(string line, long number)
    {
        string answer = line.Trim();
        if (_space.IsArgmax)
        {
            int index = _space.IndexOf(answer);
            if (index >= 0)
                return (ulong)index;
            throw Failure(string.Create(CultureInfo.InvariantCulture,
                $"answered '{Shorten(answer)}' on line {number} of its output, which is not a class of the model (expected one of {string.Join(", ", _space.Names)})"));
        }
        ulong bits = 0;
        bool wellFormed = answer.Length == _space.Names.Length;
        for (int j = 0; wellFormed && j < answer.Length; j++)
        {
            if (answer[j] == '1')
                bits |= 1UL << j;
            else if (answer[j] != '0')
                wellFormed = false;
        }
        if (!wellFormed)
        {
            throw Failure(string.Create(CultureInfo.InvariantCulture,
                $"answered '{Shorten(answer)}' on line {number} of its output, which is not {_space.Names.Length} character{(_space.Names.Length == 1 ? "" : "s")} 0 or 1 (the bits {string.Join(", ", _space.Names)})"));
        }
        return bits;
    }

    private ReferenceFailedException Failure(string what)
    {
        Kill();
        string errors;
        lock (_standardError)
            errors = _standardError.Count == 0 ? "" : "; its standard error ended with: " + string.Join(" | ", _standardError);
        return new ReferenceFailedException($"reference {Name} {what}{errors}");
    }

    private string HowItEnded()
    {
        // The output ended; give the process a moment to be reaped so that its exit code is known.
        if (!_process.WaitForExit(2000))
            return "it closed its output but is still running";
        // Standard error is read asynchronously: this waits for the last of it.
        _process.WaitForExit();
        return _process.ExitCode switch
        {
            0 => "it exited with code 0",
            > 128 and < 160 => string.Create(CultureInfo.InvariantCulture, $"it was killed by signal {_process.ExitCode - 128} (exit code {_process.ExitCode})"),
            _ => string.Create(CultureInfo.InvariantCulture, $"it exited with code {_process.ExitCode}"),
        };
    }

    private void WaitForExit(CancellationToken cancellation)
    {
        using var kill = cancellation.Register(Kill);
        _process.WaitForExit();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private void KeepStandardError(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return;
        lock (_standardError)
        {
            _standardError.Enqueue(Shorten(line.Trim()));
            if (_standardError.Count > StandardErrorLinesKept)
                _standardError.Dequeue();
        }
    }

    private static string Answers(long count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    /// <summary>Splits the command like a POSIX shell does for the simple cases: spaces separate, quotes group.</summary>
    internal static List<string>? SplitCommand(string command, out string? problem)
    {
        problem = null;
        var words = new List<string>();
        var current = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                else
                    current.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (quote != '\0')
        {
            problem = $"the reference command 'exec:{command}' has an unclosed {quote}";
            return null;
        }
        if (inWord)
            words.Add(current.ToString());
        return words;
    }
}

namespace BnnVerify.Tests.Import;

/// <summary>
/// A fact that needs Debian's /usr/bin/python3 with numpy and onnx (scripts/install-python-onnx.sh installs them,
/// scripts/setup.sh runs it); without them the test is reported as skipped, with the reason, rather than silently passing.
/// </summary>
public sealed class PythonOnnxFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public PythonOnnxFactAttribute()
    {
        if (Missing.Value is { } reason)
            Skip = reason;
    }

    private static string? Probe()
    {
        if (!File.Exists(PythonNumpyFactAttribute.Python))
            return $"{PythonNumpyFactAttribute.Python} is missing (run scripts/install-python-onnx.sh, which installs python3-onnx)";
        try
        {
            PythonNumpyFactAttribute.Run("-c", "import numpy, onnx");
            return null;
        }
        catch (InvalidOperationException)
        {
            return $"numpy or onnx is missing for {PythonNumpyFactAttribute.Python} (run scripts/install-python-onnx.sh, which installs python3-onnx)";
        }
    }
}

using System.Globalization;
using System.Xml;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Reports;

/// <summary>
/// JUnit XML, one test case per contract, as CI systems read it: violated is a failure (with the
/// counterexamples in the body), unknown is an error, vacuous is skipped, holds passes.
/// </summary>
internal static class JUnitReport
{
    public static void Write(CheckReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(output, settings);
        string time = Seconds(report.Results.Sum(r => r.Elapsed.TotalSeconds));
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "bnnverify");
        WriteCounts(xml, report, time);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", report.SpecPath);
        WriteCounts(xml, report, time);
        xml.WriteStartElement("properties");
        WriteProperty(xml, "model", report.ModelPath);
        WriteProperty(xml, "spec", report.SpecPath);
        xml.WriteEndElement();
        string suite = Path.GetFileNameWithoutExtension(report.SpecPath);
        foreach (var result in report.Results)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", result.Contract.Name);
            xml.WriteAttributeString("classname", suite);
            xml.WriteAttributeString("file", result.Contract.Location.File);
            xml.WriteAttributeString("line", result.Contract.Location.Line.ToString(c));
            xml.WriteAttributeString("time", Seconds(result.Elapsed.TotalSeconds));
            string headline = TextReport.Headline(result);
            switch (result.Verdict)
            {
                case Verdict.Violated:
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("type", "violated");
                    xml.WriteAttributeString("message", headline);
                    xml.WriteString(CounterexampleBody(report, result));
                    xml.WriteEndElement();
                    break;
                case Verdict.Unknown:
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("type", "unknown");
                    xml.WriteAttributeString("message", result.Reason ?? headline);
                    xml.WriteEndElement();
                    break;
                case Verdict.Vacuous:
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", headline);
                    xml.WriteEndElement();
                    break;
                default:
                    xml.WriteElementString("system-out", headline);
                    break;
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        output.WriteLine();
    }

    /// <summary>
    /// The report of a run that could not start: one test case per error diagnostic (named by its id), each an error
    /// with the located message, so that the CI test view shows why nothing was checked.
    /// </summary>
    public static void WriteFailure(FailedCheckReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var errors = report.Diagnostics.Where(d => d.IsError).ToList();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(output, settings);
        string count = errors.Count.ToString(c);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "bnnverify");
        WriteFailureCounts(xml, count);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", report.SpecPath);
        WriteFailureCounts(xml, count);
        xml.WriteStartElement("properties");
        WriteProperty(xml, "model", report.ModelPath);
        WriteProperty(xml, "spec", report.SpecPath);
        xml.WriteEndElement();
        string suite = Path.GetFileNameWithoutExtension(report.SpecPath);
        foreach (var diagnostic in errors)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", $"{diagnostic.Id} {diagnostic.Location}");
            xml.WriteAttributeString("classname", suite);
            if (!FailedCheckReport.IsOnTheCommandLine(diagnostic.Location))
                xml.WriteAttributeString("file", diagnostic.Location.File);
            if (diagnostic.Location.Line > 0)
                xml.WriteAttributeString("line", diagnostic.Location.Line.ToString(c));
            xml.WriteAttributeString("time", Seconds(0));
            xml.WriteStartElement("error");
            xml.WriteAttributeString("type", diagnostic.Id);
            xml.WriteAttributeString("message", diagnostic.Message);
            xml.WriteString(diagnostic.ToString());
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        output.WriteLine();
    }

    private static void WriteFailureCounts(XmlWriter xml, string errors)
    {
        xml.WriteAttributeString("tests", errors);
        xml.WriteAttributeString("failures", "0");
        xml.WriteAttributeString("errors", errors);
        xml.WriteAttributeString("skipped", "0");
        xml.WriteAttributeString("time", Seconds(0));
    }

    private static void WriteCounts(XmlWriter xml, CheckReport report, string time)
    {
        var c = CultureInfo.InvariantCulture;
        xml.WriteAttributeString("tests", report.Results.Length.ToString(c));
        xml.WriteAttributeString("failures", report.Count(Verdict.Violated).ToString(c));
        xml.WriteAttributeString("errors", report.Count(Verdict.Unknown).ToString(c));
        xml.WriteAttributeString("skipped", report.Count(Verdict.Vacuous).ToString(c));
        xml.WriteAttributeString("time", time);
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }

    private static string CounterexampleBody(CheckReport report, ContractResult result)
    {
        using var text = new StringWriter { NewLine = "\n" };
        text.WriteLine();
        for (int k = 0; k < result.Counterexamples.Length; k++)
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"counterexample {k + 1}:"));
            CounterexampleText.Write(text, report.Model, report.Spec.Render, result.Counterexamples[k], report.ShowAllInputs, "  ");
        }
        return text.ToString();
    }

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}

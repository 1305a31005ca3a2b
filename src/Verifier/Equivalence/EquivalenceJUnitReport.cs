using System.Globalization;
using System.Xml;

namespace BnnVerify.Verifier.Equivalence;

/// <summary>JUnit XML with one test case, the comparison: differ is a failure (differences in the body), unknown an error.</summary>
internal static class EquivalenceJUnitReport
{
    /// <summary>Writes the report.</summary>
    public static void Write(EquivalenceReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var result = report.Result;
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(output, settings);
        string time = result.Elapsed.TotalSeconds.ToString("0.000", c);
        string failures = result.Verdict == EquivalenceVerdict.Differ ? "1" : "0";
        string errors = result.Verdict == EquivalenceVerdict.Unknown ? "1" : "0";
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "bnnverify");
        xml.WriteAttributeString("tests", "1");
        xml.WriteAttributeString("failures", failures);
        xml.WriteAttributeString("errors", errors);
        xml.WriteAttributeString("time", time);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "equivalence");
        xml.WriteAttributeString("tests", "1");
        xml.WriteAttributeString("failures", failures);
        xml.WriteAttributeString("errors", errors);
        xml.WriteAttributeString("time", time);
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", $"{report.ModelPath} against {report.Reference}");
        xml.WriteAttributeString("classname", Path.GetFileNameWithoutExtension(report.ModelPath));
        xml.WriteAttributeString("time", time);
        string headline = EquivalenceTextReport.Headline(result);
        switch (result.Verdict)
        {
            case EquivalenceVerdict.Differ:
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("type", "differ");
                xml.WriteAttributeString("message", headline);
                using (var body = new StringWriter { NewLine = "\n" })
                {
                    body.WriteLine();
                    EquivalenceTextReport.Write(report, body);
                    xml.WriteString(body.ToString());
                }
                xml.WriteEndElement();
                break;
            case EquivalenceVerdict.Unknown:
                xml.WriteStartElement("error");
                xml.WriteAttributeString("type", "unknown");
                xml.WriteAttributeString("message", result.Reason ?? headline);
                xml.WriteEndElement();
                break;
            default:
                xml.WriteElementString("system-out", headline);
                break;
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        output.WriteLine();
    }
}

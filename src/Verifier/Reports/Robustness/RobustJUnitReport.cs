using System.Globalization;
using System.Xml;
using BnnVerify.Verifier.Checking;

namespace BnnVerify.Verifier.Reports.Robustness;

/// <summary>JUnit XML for <c>robust</c>: one test case per target; a counterexample is a failure, unknown an error.</summary>
internal static class RobustJUnitReport
{
    public static void Write(RobustReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using var xml = XmlWriter.Create(output, settings);
        string time = Seconds(report.Outcomes.Sum(o => o.Result.Elapsed.TotalSeconds));
        int failures = report.Outcomes.Count(o => o.Result.Verdict == Verdict.Violated);
        int errors = report.Outcomes.Count(o => o.Result.Verdict == Verdict.Unknown);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "bnnverify robust");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", $"robust {report.ModelPath}: {report.Question}");
        xml.WriteAttributeString("tests", report.Outcomes.Length.ToString(c));
        xml.WriteAttributeString("failures", failures.ToString(c));
        xml.WriteAttributeString("errors", errors.ToString(c));
        xml.WriteAttributeString("time", time);
        foreach (var outcome in report.Outcomes)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", outcome.Target.Name);
            xml.WriteAttributeString("classname", outcome.Result.Contract.Name);
            xml.WriteAttributeString("time", Seconds(outcome.Result.Elapsed.TotalSeconds));
            string verdict = RobustReport.VerdictText(outcome);
            switch (outcome.Result.Verdict)
            {
                case Verdict.Violated:
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("type", "counterexample");
                    xml.WriteAttributeString("message", $"{verdict} ({outcome.Method})");
                    xml.WriteString(string.Join("\n", outcome.Result.Counterexamples.Select(x => "flips " + report.Flips(outcome, x))));
                    xml.WriteEndElement();
                    break;
                case Verdict.Unknown:
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("type", "unknown");
                    xml.WriteAttributeString("message", outcome.Result.Reason ?? verdict);
                    xml.WriteEndElement();
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

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}

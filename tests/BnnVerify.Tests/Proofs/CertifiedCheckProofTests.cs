using BnnVerify.Bnn.Engine;
using BnnVerify.Bnn.Json;
using BnnVerify.Encoding.Backends;
using BnnVerify.Encoding.Native;
using BnnVerify.Encoding.Proofs;
using BnnVerify.Verifier.Checking;
using BnnVerify.Tests.Solving;
using BnnVerify.Verifier.Contracts.Semantics;

namespace BnnVerify.Tests.Proofs;

/// <summary>
/// <c>--certify</c> inside the solver checker: a contract that holds is certified; a proof that does not check, or
/// that is missing, turns the verdict into unknown with the diagnostic that says why — never holds.
/// </summary>
public class CertifiedCheckProofTests
{
    private static (PackedNetwork Network, ElaboratedContract Contract) Xor(string name)
    {
        var model = ModelReader.ReadFile("models/xor.json").Model!;
        var spec = SpecLoader.Load("specs/xor.contract", model).Spec!;
        return (PackedNetwork.Compile(model), spec.Contracts.Single(c => c.Name == name));
    }

    private static ContractResult Check(Func<ISatBackend> backend)
    {
        var (network, contract) = Xor("computes_xor");
        var checker = new SolverChecker(network, "native-inputs", backend, 1, new CertificationOptions(null));
        return checker.Check(contract, null, CancellationToken.None);
    }

    [Fact]
    public void A_contract_that_holds_is_certified()
    {
        var result = Check(() => new NativeBackend(NativeSearchMode.InputsFirst, logProofs: true));
        Assert.Equal(Verdict.Holds, result.Verdict);
        Assert.Equal(CertificationStatus.Certified, result.Certification!.Status);
        Assert.True(result.Certification.LemmasChecked >= 1);
    }

    [Fact]
    public void A_proof_with_its_lemmas_dropped_makes_the_verdict_unknown()
    {
        // Every lemma dropped, the empty clause included: the checker must reject it whatever the reference propagates.
        var result = Check(() => new CorruptingBackend(_ => new DratProof()));
        Assert.Equal(Verdict.Unknown, result.Verdict);
        Assert.Equal(CertificationStatus.Failed, result.Certification!.Status);
        Assert.Equal(CertificationDiagnosticIds.ProofRejected, result.Certification.DiagnosticId);
        Assert.Contains("without deriving the empty clause", result.Reason);
    }

    [Fact]
    public void A_backend_without_proofs_makes_the_verdict_unknown()
    {
        var result = Check(() => new NativeBackend(NativeSearchMode.InputsFirst));
        Assert.Equal(Verdict.Unknown, result.Verdict);
        Assert.Equal(CertificationDiagnosticIds.ProofNotChecked, result.Certification!.DiagnosticId);
        Assert.Contains("proof logging is off", result.Reason);
    }

    [Fact]
    public void A_violated_contract_says_certification_does_not_apply()
    {
        var model = ModelReader.ReadFile("models/xor.json").Model!;
        string spec = Path.Combine(Path.GetTempPath(), $"bnnverify-certify-{Guid.NewGuid():N}.contract");
        File.WriteAllText(spec, "contract always_false { ensures !y }\n");
        try
        {
            var contract = SpecLoader.Load(spec, model).Spec!.Contracts[0];
            var checker = new SolverChecker(PackedNetwork.Compile(model), "native-inputs",
                () => new NativeBackend(NativeSearchMode.InputsFirst, logProofs: true), 1, new CertificationOptions(null));
            var result = checker.Check(contract, null, CancellationToken.None);
            Assert.Equal(Verdict.Violated, result.Verdict);
            Assert.Equal(CertificationStatus.NotApplicable, result.Certification!.Status);
            Assert.Contains("violated", result.Certification.Note);
        }
        finally
        {
            File.Delete(spec);
        }
    }

    /// <summary>The native solver with proof logging, whose proofs are rewritten before they are handed out.</summary>
    private sealed class CorruptingBackend(NativeBackend inner, Func<DratProof, DratProof> corrupt) : ForwardingBackend(inner), IUnsatProofSource
    {
        public CorruptingBackend(Func<DratProof, DratProof> corrupt)
            : this(new NativeBackend(NativeSearchMode.InputsFirst, logProofs: true), corrupt)
        {
        }

        public UnsatProof? ProofOfLastAnswer(out string? whyNot) =>
            inner.ProofOfLastAnswer(out whyNot) is { } proof ? proof with { Proof = corrupt(proof.Proof) } : null;
    }
}

using System.Collections.Immutable;
using BnnVerify.Bnn.Numerics;

namespace BnnVerify.Bnn.Model;

/// <summary>
/// Batch-norm parameters of one layer as trained: y = γ·(x − μ)/√(σ² + ε) + β, one entry per neuron.
/// Values are exact rationals read from the model file's decimal text.
/// </summary>
public sealed record BatchNormParameters(
    ImmutableArray<Rational> Gamma,
    ImmutableArray<Rational> Beta,
    ImmutableArray<Rational> Mean,
    ImmutableArray<Rational> Variance,
    Rational Epsilon);

/// <summary>
/// The unfolded definition of a sign layer, kept when the file gave one: the neuron is
/// sign(BN(Σ wᵢxᵢ + bias)), or sign(Σ wᵢxᵢ + bias) without batch norm. The loader folds it into
/// <see cref="NeuronThreshold"/>s; the definition stays for <c>info</c> and for the naive test evaluator.
/// </summary>
/// <param name="Bias">The linear layer's bias, one per neuron, or empty when there is none.</param>
/// <param name="BatchNorm">The batch norm after the linear layer, or null.</param>
public sealed record RawSignActivation(ImmutableArray<Rational> Bias, BatchNormParameters? BatchNorm);

namespace BnnVerify.Bnn.Training;

/// <summary>
/// What one epoch achieved, for a progress display. Accuracies are of the exported model on the reference
/// engine; <see cref="ValidationAccuracy"/> is null without a validation split.
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">The most epochs this run will train.</param>
/// <param name="Loss">Mean training loss over the epoch's mini-batches (binarized forward pass, batch statistics).</param>
/// <param name="TrainingAccuracy">Fraction of training rows predicted right.</param>
/// <param name="ValidationAccuracy">Fraction of validation rows predicted right, or null.</param>
/// <param name="IsBest">True when this epoch's model is the best so far (and is the one kept).</param>
/// <param name="Elapsed">Wall time since training started (display only, never saved).</param>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double TrainingAccuracy, double? ValidationAccuracy, bool IsBest, TimeSpan Elapsed);

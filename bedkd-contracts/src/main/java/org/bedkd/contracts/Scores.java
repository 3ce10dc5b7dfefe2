package org.bedkd.contracts;

/**
 * Test-set metrics of one model, percent ({@code null} where the job gave no such test set).
 *
 * @param cacc clean accuracy
 * @param asr attack success rate
 * @param asrFloor non-target clean samples classified as the target
 */
public record Scores(Double cacc, Double asr, Double asrFloor) {
}

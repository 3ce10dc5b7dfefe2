package org.bedkd.evaluator.service;

import java.util.List;
import java.util.Map;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.ClassShares;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.EpochStats;
import org.bedkd.contracts.JobSpec;
import org.bedkd.metrics.Evaluation;

/**
 * The full report of a job ({@code report.json}).
 *
 * @param jobId job id
 * @param spec the request
 * @param detection detection facts
 * @param purifiedModel the purified checkpoint
 * @param modelCard the model card
 * @param selectedEpoch purification epoch kept
 * @param withinCaccTolerance whether that epoch kept validation CACC within tolerance
 * @param epochs purification epochs
 * @param before suspect model on the test sets ({@code null} without a clean test set)
 * @param after purified model on the test sets
 * @param accepted whether the purified model passed the gates
 * @param gates why or why not, in words
 * @param seconds evaluation time
 * @param triggerProbe what was inserted into clean test sentences to measure trigger flips ({@code null}: none)
 * @param triggerProbeSource {@code job} (the request named it) or {@code detector} (its most suspected word)
 * @param classRecallBefore per-class recall of the suspect model on the clean test set, percent, by label name
 * @param classRecallAfter the same for the purified model
 * @param classShares the class count the purification epochs were read at ({@code null} when not matched)
 */
public record EvaluationReport(String jobId, JobSpec spec, DetectionSummary detection, ArtifactRef purifiedModel,
        ArtifactRef modelCard, int selectedEpoch, boolean withinCaccTolerance, List<EpochStats> epochs,
        Evaluation before, Evaluation after, boolean accepted, List<String> gates, double seconds, String triggerProbe,
        String triggerProbeSource, Map<String, Double> classRecallBefore, Map<String, Double> classRecallAfter,
        ClassShares classShares) {
}

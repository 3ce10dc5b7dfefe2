/**
 * detector-service: consumes purification jobs ({@code bedkd.jobs}), trains the Directional Mapping Module, scores
 * the suspect training set by MEPD and publishes the flagged samples ({@code bedkd.detections}); screens streamed
 * samples ({@code bedkd.screening.in} to {@code bedkd.screening.clean} / {@code bedkd.screening.quarantine}).
 */
package org.bedkd.detector;

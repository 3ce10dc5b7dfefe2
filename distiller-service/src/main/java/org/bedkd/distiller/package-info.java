/**
 * distiller-service: consumes detection results ({@code bedkd.detections}), runs adversarial knowledge distillation
 * (trust passes on clean samples, punish passes on flagged ones) and publishes the purified model with its model card
 * ({@code bedkd.purified}). The GPU workload in production ({@code bedkd.distiller.device=gpu}).
 */
package org.bedkd.distiller;

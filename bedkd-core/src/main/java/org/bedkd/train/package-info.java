/**
 * The one training loop every method uses (victim training, fine-tuning, distillation, the DMM, AKD's trust and
 * punish passes), the per-phase training sets with cached teacher outputs, and progress listeners. Losses live in
 * {@link org.bedkd.train.loss}.
 */
package org.bedkd.train;

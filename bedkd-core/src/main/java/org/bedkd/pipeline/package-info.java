/**
 * End-to-end runs: the task catalog (staged data layouts and the embedded demo slice), profiles ({@code quick},
 * {@code paper}), victim training, the detection stage (DMM + MEPD) and the experiment that chains victim → detection →
 * defenses → evaluation into a report. The CLI and the services call these; nothing here knows about Kafka or HTTP.
 */
package org.bedkd.pipeline;

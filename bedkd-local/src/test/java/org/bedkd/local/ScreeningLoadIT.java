package org.bedkd.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bedkd.contracts.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A small run of the screening load bench (the full one pushes 10,000 records): two detector replicas share the
 * screening topic and every record comes out exactly once, in per-key order, from both replicas.
 */
class ScreeningLoadIT {

    @TempDir
    Path work;

    @Test
    void twoReplicasScreenEveryRecordExactlyOnceInKeyOrder() throws Exception {
        Path out = work.resolve("load.json");
        int rc = new CommandLine(new ScreeningLoad()).execute("--records", "600", "--keys", "60", "--instances", "2",
                "--warm-up-records", "60", "--rounds", "2",
                "--work", work.resolve("stack").toString(), "--out", out.toString());
        assertThat(rc).isZero();
        JsonNode r = EventCodec.MAPPER.readTree(Files.readString(out));
        // The warm-up's 60 records were screened first and are in no figure.
        assertThat(r.get("received_distinct").asInt()).isEqualTo(600);
        assertThat(r.get("warm_up_records").asInt()).isEqualTo(60);
        assertThat(r.get("lost").asLong()).isZero();
        assertThat(r.get("duplicates").asLong()).isZero();
        assertThat(r.get("order_violations").asLong()).isZero();
        JsonNode perInstance = r.get("records_per_instance");
        assertThat(perInstance.get("detector-service").asDouble()).isPositive();
        assertThat(perInstance.get("detector-service-2").asDouble()).isPositive();
        assertThat(perInstance.get("detector-service").asDouble() + perInstance.get("detector-service-2").asDouble())
                .isEqualTo(600.0);
        // Where each replica's time went, from its own metrics.
        for (String d : new String[] {"detector-service", "detector-service-2"}) {
            JsonNode batches = r.get("batches_per_instance").get(d);
            assertThat(batches.get("batches").asDouble()).as(d).isPositive();
            assertThat(batches.get("mean_records").asDouble()).as(d).isBetween(1.0, 256.0);
            assertThat(batches.get("score_s").asDouble()).as(d).isPositive();
            assertThat(batches.get("wrap_s").asDouble()).as(d).isPositive();
            // Each process's CPU while the stream ran (where the cores went), read from the OS.
            assertThat(r.get("cpu_s_during_stream").get(d).asDouble()).as(d).isPositive();
            // Of which its JIT compilers (Linux /proc): part of the replica's CPU, never more than all of it.
            assertThat(r.get("jit_compiler_cpu_s_during_stream").get(d).asDouble()).as(d).isNotNegative()
                    .isLessThanOrEqualTo(r.get("cpu_s_during_stream").get(d).asDouble());
            // BEDKD_THREADS=1 reached the engine (it once started with one thread per core: 4 threads on 2 cores).
            assertThat(r.get("threads_per_instance").get(d).asDouble()).as(d).isEqualTo(1.0);
        }
        assertThat(r.get("cpu_s_during_stream").get("broker").asDouble()).isPositive();
        // The machine's MEPD capacity for the same screener and records, measured in the same run.
        // In both layouts (one process on every core; one single-threaded process per replica at once), the better.
        // Two bursts, the capacity measured before, between and after them (the machine drifts): three probes per
        // layout, each layout's mean over them, the better one the capacity.
        JsonNode layouts = r.get("capacity_by_layout");
        assertThat(layouts.size()).isEqualTo(2);
        double best = 0;
        for (var layout = layouts.fields(); layout.hasNext();) {
            var rate = layout.next();
            JsonNode probes = r.get("capacity_probes").get(rate.getKey());
            assertThat(probes.size()).as(rate.getKey()).isEqualTo(3);
            double sum = 0;
            for (JsonNode probe : probes) {
                assertThat(probe.asDouble()).as(rate.getKey()).isPositive();
                sum += probe.asDouble();
            }
            assertThat(rate.getValue().asDouble()).as(rate.getKey()).isCloseTo(sum / 3, within(1e-9));
            best = Math.max(best, rate.getValue().asDouble());
        }
        assertThat(r.get("capacity_records_per_s").asDouble()).isEqualTo(best);
        // Each burst read against the capacity around it.
        JsonNode bursts = r.get("bursts");
        assertThat(bursts.size()).isEqualTo(2);
        int pushed = 0;
        double[] shares = new double[2];
        for (int i = 0; i < 2; i++) {
            JsonNode burst = bursts.get(i);
            pushed += burst.get("records").asInt();
            assertThat(burst.get("records_per_s").asDouble()).isPositive();
            // The rate while both replicas had records, and the burst's tail after the first ran dry.
            assertThat(burst.get("steady_records").asDouble()).isPositive()
                    .isLessThanOrEqualTo(burst.get("records").asDouble());
            assertThat(burst.get("steady_seconds").asDouble()).isPositive()
                    .isLessThanOrEqualTo(burst.get("seconds").asDouble());
            assertThat(burst.get("tail_s").asDouble()).isNotNegative();
            assertThat(burst.get("capacity_records_per_s").asDouble()).isPositive();
            assertThat(burst.get("jit_compiler_cpu_s").size()).as("replicas with a JIT reading").isEqualTo(2);
            shares[i] = burst.get("share_of_capacity").asDouble();
            assertThat(shares[i]).isCloseTo(burst.get("records_per_s").asDouble()
                    / burst.get("capacity_records_per_s").asDouble(), within(1e-9));
        }
        assertThat(pushed).isEqualTo(600);
        assertThat(r.get("median_burst_share_of_capacity").asDouble()).isCloseTo((shares[0] + shares[1]) / 2,
                within(1e-9));
        // The run as a whole: its records over its bursts' time, against the mean of every probe.
        assertThat(r.get("records_per_s").asDouble()).isCloseTo(600 / (bursts.get(0).get("seconds").asDouble()
                + bursts.get(1).get("seconds").asDouble()), within(1e-9));
        assertThat(r.get("share_of_capacity").asDouble()).isCloseTo(r.get("records_per_s").asDouble() / best,
                within(1e-9));
        assertThat(r.get("steady_share_of_capacity").asDouble()).isPositive();
        // Records per CPU second: the replicas' (Kafka and JSON included) against the probes' in their layout.
        assertThat(r.get("capacity_records_per_cpu_s").size()).isEqualTo(2);
        r.get("capacity_records_per_cpu_s").forEach(rate -> assertThat(rate.asDouble()).isPositive());
        assertThat(r.get("replica_records_per_cpu_s").asDouble()).isPositive();
        assertThat(r.get("replica_cpu_efficiency").asDouble()).isPositive();
    }
}

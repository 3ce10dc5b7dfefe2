package org.bedkd.local;

import static org.assertj.core.api.Assertions.assertThat;

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
                "--warm-up-records", "60",
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
            // BEDKD_THREADS=1 reached the engine (it once started with one thread per core: 4 threads on 2 cores).
            assertThat(r.get("threads_per_instance").get(d).asDouble()).as(d).isEqualTo(1.0);
        }
        assertThat(r.get("cpu_s_during_stream").get("broker").asDouble()).isPositive();
        // The machine's MEPD capacity for the same screener and records, measured in the same run.
        // In both layouts (one process on every core; one single-threaded process per replica at once), the better.
        JsonNode layouts = r.get("capacity_by_layout");
        assertThat(layouts.size()).isEqualTo(2);
        double best = 0;
        for (JsonNode rate : layouts) {
            assertThat(rate.asDouble()).isPositive();
            best = Math.max(best, rate.asDouble());
        }
        assertThat(r.get("capacity_records_per_s").asDouble()).isEqualTo(best);
        assertThat(r.get("share_of_capacity").asDouble()).isPositive();
    }
}

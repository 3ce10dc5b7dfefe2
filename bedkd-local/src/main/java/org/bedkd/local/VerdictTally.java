package org.bedkd.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bedkd.contracts.ScreeningVerdict;
import org.bedkd.contracts.Topics;

/**
 * What the screening load bench sent and what came back: each record's send time and input partition, each verdict
 * once, per-key order, latencies. Record ids are {@code <key>#<sequence>}, the sequence rising per key.
 */
final class VerdictTally {

    private final Map<String, Long> sentAt = new HashMap<>();
    /** Filled from the producer's callbacks (its I/O thread). */
    private final Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
    private final Map<String, Integer> seen = new HashMap<>();
    private final Map<String, Long> outAt = new HashMap<>();
    private final Map<String, Integer> lastSeq = new HashMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private long orderViolations;
    private long quarantined;
    private long deadLettered;

    void sent(String id, long at) {
        sentAt.put(id, at);
    }

    void partition(String id, int partition) {
        partitionOf.put(id, partition);
    }

    /** Takes one output record (a verdict or a dead letter); the record's id when it is its first verdict, else null. */
    String received(ConsumerRecord<String, byte[]> r) {
        if (r.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            deadLettered++;
            return null;
        }
        ScreeningVerdict v = CloudEventRecords.payload(r, ScreeningVerdict.class);
        boolean first = seen.merge(v.id(), 1, Integer::sum) == 1;
        if (first) {
            outAt.put(v.id(), r.timestamp());
        }
        int seq = Integer.parseInt(v.id().substring(v.id().indexOf('#') + 1));
        Integer prev = lastSeq.put(r.topic() + "|" + r.key(), seq);
        if (prev != null && prev >= seq) {
            orderViolations++;
        }
        quarantined += v.quarantined() ? 1 : 0;
        Long sent = sentAt.get(v.id());
        if (sent != null) {
            latencies.add(r.timestamp() - sent);
        }
        return first ? v.id() : null;
    }

    /** When each of {@code ids} came out (those that did: first verdicts only). */
    Map<String, Long> outputTimes(List<String> ids) {
        Map<String, Long> out = new HashMap<>();
        ids.forEach(id -> {
            if (outAt.containsKey(id)) {
                out.put(id, outAt.get(id));
            }
        });
        return out;
    }

    /** The input partition each record went to, as the producer acknowledged it. */
    Map<String, Integer> partitions() {
        return partitionOf;
    }

    /** Exactly-once, order and latency over everything sent so far. */
    Map<String, Object> summary() {
        latencies.sort(Long::compare);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("received_distinct", seen.size());
        r.put("lost", sentAt.keySet().stream().filter(id -> !seen.containsKey(id)).count() - deadLettered);
        r.put("duplicates", seen.values().stream().mapToLong(n -> n - 1).sum());
        r.put("order_violations", orderViolations);
        r.put("dead_lettered", deadLettered);
        r.put("quarantined", quarantined);
        r.put("latency_ms_p50", percentile(latencies, 50));
        r.put("latency_ms_p99", percentile(latencies, 99));
        r.put("latency_ms_max", latencies.isEmpty() ? null : latencies.get(latencies.size() - 1));
        return r;
    }

    private static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}

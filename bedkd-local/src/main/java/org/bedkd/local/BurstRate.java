package org.bedkd.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate of a burst while every replica still had records. A burst ends with one replica screening its last
 * partitions alone while the other's core idles (Kafka has no work stealing, and the keys' hash splits them unevenly),
 * which a steady stream does not have.
 */
final class BurstRate {

    /** Outputs of one replica this close together are one batch's. */
    private static final long BATCH_GAP_MS = 100;

    private BurstRate() {
    }

    /**
     * Counts the records out by the time the first replica emitted its last one ({@code steady_records}), over the time
     * from the first send ({@code start}, epoch ms) to then; a replica still busy then is credited the part of its next
     * batch it had done by then (linear between its batches), else a burst of a few batches would be read low by half
     * a batch per replica. {@code tail_s} is what the burst took after it. Nothing when the partitions changed hands
     * during the burst: then which replica had which record is unknown.
     */
    static Map<String, Object> steady(long start, Map<String, Long> outAt, Map<String, Integer> partitionOf,
            Map<Integer, String> holdersBefore, Map<Integer, String> holdersAfter) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (!holdersBefore.equals(holdersAfter) || outAt.keySet().stream().noneMatch(partitionOf::containsKey)) {
            r.put("steady_records_per_s", null);
            r.put("steady_note", !holdersBefore.equals(holdersAfter) ? "partitions changed hands during the run: "
                    + holdersBefore + " → " + holdersAfter : "no output");
            return r;
        }
        Map<String, List<Long>> byReplica = new HashMap<>();
        outAt.forEach((id, at) -> {
            Integer partition = partitionOf.get(id);
            if (partition != null) { // the producer acknowledged every record it sent; one it did not is not counted
                byReplica.computeIfAbsent(holdersBefore.getOrDefault(partition, "?"), k -> new ArrayList<>()).add(at);
            }
        });
        byReplica.values().forEach(times -> times.sort(Long::compare));
        long firstDry = byReplica.values().stream().mapToLong(t -> t.get(t.size() - 1)).min().orElseThrow();
        long last = byReplica.values().stream().mapToLong(t -> t.get(t.size() - 1)).max().orElseThrow();
        double count = 0;
        for (List<Long> times : byReplica.values()) {
            long done = times.stream().filter(at -> at <= firstDry).count();
            count += done;
            if (done < times.size()) {
                long next = times.get((int) done);
                long previous = done > 0 ? times.get((int) done - 1) : start;
                long batch = times.stream().filter(at -> at >= next && at <= next + BATCH_GAP_MS).count();
                count += batch * (double) (firstDry - previous) / Math.max(1, next - previous);
            }
        }
        double seconds = Math.max(1e-3, (firstDry - start) / 1000.0);
        r.put("steady_records", count);
        r.put("steady_seconds", seconds);
        r.put("steady_records_per_s", count / seconds);
        r.put("tail_s", (last - firstDry) / 1000.0);
        return r;
    }
}

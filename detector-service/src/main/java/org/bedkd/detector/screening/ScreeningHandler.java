package org.bedkd.detector.screening;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.ScreeningRecord;
import org.bedkd.contracts.ScreeningVerdict;
import org.bedkd.service.EventIO;
import org.bedkd.service.ServiceMetrics;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Streaming screening: batches from {@code bedkd.screening.in} ({@code screening-in}), each record an event, a bare JSON
 * object or a plain string ({@link ScreeningInput}), are scored in one pass of both
 * models and every record goes to exactly one of {@code bedkd.screening.clean} or {@code bedkd.screening.quarantine},
 * under the input record's key (its id when it has none), so per-key order is kept. A record that cannot be screened
 * (not an event, empty or oversized text, label outside the schema) goes to {@code bedkd.screening.in.dlq} with the
 * reason; nothing is dropped. The batch is acknowledged only after every output is acknowledged by the broker, so a
 * crash can only repeat verdicts, never lose them; a repeated verdict has the same envelope id (derived from the input
 * event and the screener), so consumers drop it like any redelivered event.
 */
@ApplicationScoped
public class ScreeningHandler {

    static final String REASON_HEADER = "dead-letter-reason";

    private final ScreenerRegistry registry;
    private final ServiceMetrics metrics;
    private final MutinyEmitter<byte[]> clean;
    private final MutinyEmitter<byte[]> quarantine;
    private final MutinyEmitter<byte[]> deadLetters;
    private final ScreeningInput input;
    /** When the last batch ended (nanoTime), to time the gap before the next one; 0 before the first. */
    private volatile long lastBatchEnd;

    public ScreeningHandler(ScreenerRegistry registry, ServiceMetrics metrics,
            @Channel("screening-clean-out") MutinyEmitter<byte[]> clean,
            @Channel("screening-quarantine-out") MutinyEmitter<byte[]> quarantine,
            @Channel("screening-dlq-out") MutinyEmitter<byte[]> deadLetters) {
        this.registry = registry;
        this.metrics = metrics;
        this.clean = clean;
        this.quarantine = quarantine;
        this.deadLetters = deadLetters;
        this.input = new ScreeningInput(registry.settings().textField(), registry.settings().idField());
    }

    @Incoming("screening-in")
    @Blocking("bedkd-screening")
    public void onBatch(ConsumerRecords<String, byte[]> records) {
        Screener screener = registry.active().orElseThrow(() -> new IllegalStateException(
                "no screener registered (PUT /screener); records go to the dead-letter topic to be replayed"));
        long parsing = System.nanoTime();
        if (lastBatchEnd != 0) {
            batchTimer("between").record(Duration.ofNanos(parsing - lastBatchEnd));
        }
        List<Uni<Void>> sends = new ArrayList<>();
        List<ScreeningRecord> good = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> inputIds = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                ScreeningInput.Parsed in = input.parse(r);
                good.add(validate(in.record(), screener));
                keys.add(r.key());
                inputIds.add(in.inputId());
            } catch (RuntimeException bad) {
                sends.add(deadLetter(r, bad.getMessage()));
            }
        }
        long scoring = System.nanoTime();
        batchTimer("parse").record(Duration.ofNanos(scoring - parsing));
        List<ScreeningVerdict> verdicts = screener.verdicts(good);
        long wrapping = System.nanoTime();
        batchTimer("score").record(Duration.ofNanos(wrapping - scoring));
        metrics.registry().summary("bedkd.screening.batch.records", "service", metrics.service()).record(good.size());
        var mepdSummary = metrics.mepd();
        String source = EventIO.source(metrics.service());
        for (int i = 0; i < good.size(); i++) {
            ScreeningRecord rec = good.get(i);
            ScreeningVerdict v = verdicts.get(i);
            // A batch redelivered after a crash is screened again; the verdict keeps its id, so consumers drop it.
            Envelope e = EventCodec.wrapDerived(source, rec.id(), v, inputIds.get(i), screener.spec().id());
            String key = keys.get(i) != null ? keys.get(i) : rec.id();
            sends.add((v.quarantined() ? quarantine : clean).sendMessage(keyed(e, key)));
            mepdSummary.record(v.mepd());
            metrics.registry().counter("bedkd.screening.records", "service", metrics.service(), "verdict",
                    v.quarantined() ? "quarantine" : "clean").increment();
        }
        metrics.scored(good.size());
        long sending = System.nanoTime();
        batchTimer("wrap").record(Duration.ofNanos(sending - wrapping));
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(Duration.ofMinutes(2));
            batchTimer("send").record(Duration.ofNanos(System.nanoTime() - sending));
        }
        lastBatchEnd = System.nanoTime();
    }

    /**
     * Where a batch's time goes ({@code bedkd_screening_batch_seconds}, phase {@code parse}: reading the records;
     * {@code score}: the models; {@code wrap}: building the verdict events; {@code send}: waiting for the broker to
     * take them; {@code between}: from one batch's end to the next one's start, i.e. waiting for records, polling
     * and hand-over), so a replica that screens slower than its models can is visible.
     */
    private io.micrometer.core.instrument.Timer batchTimer(String phase) {
        return io.micrometer.core.instrument.Timer.builder("bedkd.screening.batch")
                .description("Time per screening batch, by phase").tag("service", metrics.service()).tag("phase", phase)
                .register(metrics.registry());
    }

    private ScreeningRecord validate(ScreeningRecord r, Screener screener) {
        if (r.id() == null || r.id().isBlank()) {
            throw new IllegalArgumentException("record without an id");
        }
        if (r.text() == null || r.text().isBlank()) {
            throw new IllegalArgumentException("record " + r.id() + " has no text");
        }
        int max = registry.settings().maxTextChars();
        if (r.text().length() > max) {
            throw new IllegalArgumentException("record " + r.id() + " has " + r.text().length()
                    + " characters, over the limit of " + max);
        }
        if (r.label() != null && (r.label() < 0 || r.label() >= screener.classes())) {
            throw new IllegalArgumentException("record " + r.id() + " has label " + r.label() + " outside 0.."
                    + (screener.classes() - 1));
        }
        return r;
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> r, String reason) {
        metrics.registry().counter("bedkd.screening.records", "service", metrics.service(), "verdict", "invalid")
                .increment();
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", r.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(r.value() == null ? new byte[0] : r.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(r.key()).withHeaders(headers).build()));
    }

    /** The verdict keeps the input's Kafka key, so records of one key stay in order on the output topics too. */
    private static Message<byte[]> keyed(Envelope e, String key) {
        return EventIO.record(e, key);
    }
}

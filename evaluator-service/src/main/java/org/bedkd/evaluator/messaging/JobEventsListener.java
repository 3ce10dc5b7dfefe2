package org.bedkd.evaluator.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobState;
import org.bedkd.evaluator.view.JobView;
import org.bedkd.service.EventIO;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Every job topic ({@code job-events-in}, own group per instance, from the beginning) → the {@link JobView}. */
@ApplicationScoped
public class JobEventsListener {

    private static final Logger LOG = Logger.getLogger(JobEventsListener.class);

    private final JobView view;

    public JobEventsListener(JobView view) {
        this.view = view;
    }

    void metrics(@Observes StartupEvent ev, MeterRegistry registry) {
        for (JobState s : JobState.values()) {
            Gauge.builder("bedkd.jobs.current", view, v -> v.counts().get(s)).description("Jobs in the view by state")
                    .tag("state", s.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
    }

    @Incoming("job-events-in")
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        try {
            view.apply(EventIO.decode(record));
        } catch (EventCodec.InvalidEventException e) {
            // Other consumers dead-letter bad records; the view just skips them.
            LOG.debugf("view skips unreadable record on %s: %s", record.topic(), e.getMessage());
        }
    }
}

package org.bedkd.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobCancelled;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code bedkd.control} (channel {@code control-in}; every instance in its own consumer group): remembers cancelled
 * jobs so that running stages stop at their next step and queued ones are skipped.
 */
@ApplicationScoped
public class ControlListener {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);

    private final Cancellations cancellations;

    public ControlListener(Cancellations cancellations) {
        this.cancellations = cancellations;
    }

    @Incoming("control-in")
    public void onControl(ConsumerRecord<String, byte[]> record) {
        try {
            Envelope e = EventIO.decode(record);
            if (EventTypes.JOB_CANCELLED.equals(e.type())) {
                JobCancelled c = EventCodec.payload(e, JobCancelled.class);
                cancellations.cancel(c.jobId());
                LOG.infof("job %s cancelled: %s", c.jobId(), c.reason());
            }
        } catch (EventCodec.InvalidEventException ex) {
            LOG.warnf("ignoring unreadable control record %s: %s", record.key(), ex.getMessage());
        }
    }
}

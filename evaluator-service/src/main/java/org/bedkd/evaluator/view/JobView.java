package org.bedkd.evaluator.view;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.DetectionCompleted;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EvaluationCompleted;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobCancelled;
import org.bedkd.contracts.JobFailed;
import org.bedkd.contracts.JobProgress;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.JobState;
import org.bedkd.contracts.JobSubmitted;
import org.bedkd.contracts.ModelPurified;
import org.bedkd.contracts.Scores;
import org.bedkd.contracts.Stage;
import org.bedkd.contracts.api.JobStatus;
import org.bedkd.evaluator.config.EvaluatorConfig;

/**
 * The job-status read model, rebuilt from the event log: every instance reads every job topic from the beginning, so a
 * restarted instance loses nothing and any replica can answer. Events may arrive out of order across topics; states
 * only move forward, terminal states stay, and a redelivered event (same envelope id) is applied once.
 */
@ApplicationScoped
public class JobView {

    /** The event types that move a job; anything else (screening events, newer types) leaves the view alone. */
    private static final Set<String> TRACKED = Set.of(EventTypes.JOB_SUBMITTED, EventTypes.JOB_PROGRESSED,
            EventTypes.DETECTION_COMPLETED, EventTypes.MODEL_PURIFIED, EventTypes.EVALUATION_COMPLETED,
            EventTypes.JOB_FAILED, EventTypes.JOB_CANCELLED);

    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
    /**
     * Envelope ids already applied, the most recent {@link #REMEMBERED_EVENTS} (a duplicate is redelivered within
     * seconds; an older one re-applied is harmless, as states only move forward).
     */
    private final Set<String> seen = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_EVENTS;
                }
            }));
    static final int REMEMBERED_EVENTS = 200_000;
    private final int maxJobs;

    public JobView(EvaluatorConfig config) {
        this.maxJobs = config.maxJobsInView();
    }

    /** Applies one event; returns false for a duplicate or an event type the view does not track. */
    public boolean apply(Envelope e) {
        if (e.subject() == null || !TRACKED.contains(e.type()) || !seen.add(e.id())) {
            return false;
        }
        Instant at = e.time() != null ? e.time() : Instant.now();
        Entry j = jobs.computeIfAbsent(e.subject(), id -> new Entry(id, at));
        synchronized (j) {
            j.updatedAt = at.isAfter(j.updatedAt) ? at : j.updatedAt;
            switch (e.type()) {
                case EventTypes.JOB_SUBMITTED -> {
                    JobSubmitted s = EventCodec.payload(e, JobSubmitted.class);
                    j.spec = s.spec();
                    j.submittedAt = at;
                }
                case EventTypes.JOB_PROGRESSED -> {
                    JobProgress p = EventCodec.payload(e, JobProgress.class);
                    j.progress = p;
                    j.move(JobState.onEvent(e.type(), p.stage()));
                }
                case EventTypes.DETECTION_COMPLETED -> {
                    DetectionCompleted d = EventCodec.payload(e, DetectionCompleted.class);
                    j.spec = j.spec != null ? j.spec : d.spec();
                    j.detection = d.summary();
                    j.stageSeconds.put(Stage.DETECTING.id(), d.summary().seconds());
                    j.move(JobState.after(Stage.DETECTING));
                }
                case EventTypes.MODEL_PURIFIED -> {
                    ModelPurified m = EventCodec.payload(e, ModelPurified.class);
                    j.spec = j.spec != null ? j.spec : m.spec();
                    j.detection = j.detection != null ? j.detection : m.detection();
                    j.purifiedModel = m.model();
                    j.purifiedModelHf = m.huggingFaceModel();
                    j.modelCard = m.modelCard();
                    j.selectedEpoch = m.selectedEpoch();
                    j.stageSeconds.put(Stage.DISTILLING.id(), m.seconds());
                    j.move(JobState.after(Stage.DISTILLING));
                }
                case EventTypes.EVALUATION_COMPLETED -> {
                    EvaluationCompleted v = EventCodec.payload(e, EvaluationCompleted.class);
                    j.before = v.before();
                    j.after = v.after();
                    j.accepted = v.accepted();
                    j.report = v.report();
                    j.modelCard = v.modelCard();
                    j.purifiedModel = v.purifiedModel();
                    j.detection = j.detection != null ? j.detection : v.detection();
                    j.stageSeconds.put(Stage.EVALUATING.id(), v.seconds());
                    j.move(JobState.after(Stage.EVALUATING));
                }
                case EventTypes.JOB_FAILED -> {
                    JobFailed f = EventCodec.payload(e, JobFailed.class);
                    if (j.move(JobState.FAILED)) {
                        j.error = new JobStatus.JobError(f.stage(), f.reason(), f.errorType());
                    }
                }
                case EventTypes.JOB_CANCELLED -> {
                    JobCancelled c = EventCodec.payload(e, JobCancelled.class);
                    if (j.move(JobState.CANCELLED)) {
                        j.error = new JobStatus.JobError("cancelled", c.reason(), "cancelled");
                    }
                }
                default -> throw new IllegalStateException("untracked type " + e.type());
            }
        }
        evictIfFull();
        return true;
    }

    public Optional<JobStatus> get(String jobId) {
        Entry e = jobs.get(jobId);
        if (e == null) {
            return Optional.empty();
        }
        synchronized (e) {
            return Optional.of(e.snapshot());
        }
    }

    /** All jobs, newest first. */
    public List<JobStatus> list() {
        return jobs.values().stream().map(e -> {
            synchronized (e) {
                return e.snapshot();
            }
        }).sorted(Comparator.comparing(JobStatus::updatedAt).reversed()).toList();
    }

    /** Counts per state (for metrics). */
    public Map<JobState, Long> counts() {
        Map<JobState, Long> m = new LinkedHashMap<>();
        for (JobState s : JobState.values()) {
            m.put(s, 0L);
        }
        jobs.values().forEach(e -> m.merge(e.state, 1L, Long::sum));
        return Collections.unmodifiableMap(m);
    }

    private void evictIfFull() {
        if (jobs.size() <= maxJobs) {
            return;
        }
        jobs.values().stream().filter(e -> e.state.isTerminal()).min(Comparator.comparing(e -> e.updatedAt))
                .ifPresent(oldest -> jobs.remove(oldest.jobId));
    }

    /** Mutable state of one job; guarded by its own monitor. */
    private static final class Entry {
        final String jobId;
        JobState state = JobState.SUBMITTED;
        JobProgress progress;
        Instant submittedAt;
        Instant updatedAt;
        JobSpec spec;
        DetectionSummary detection;
        ArtifactRef purifiedModel;
        ArtifactRef purifiedModelHf;
        ArtifactRef modelCard;
        Integer selectedEpoch;
        Scores before;
        Scores after;
        Boolean accepted;
        ArtifactRef report;
        JobStatus.JobError error;
        final Map<String, Double> stageSeconds = new LinkedHashMap<>();

        Entry(String jobId, Instant at) {
            this.jobId = jobId;
            this.updatedAt = at;
        }

        /** Moves as the contracts' state machine allows; true when the state changed. */
        boolean move(JobState next) {
            JobState before = state;
            state = state.moveTo(next);
            return state != before;
        }

        JobStatus snapshot() {
            return new JobStatus(jobId, state, progress, submittedAt, updatedAt, spec, detection, purifiedModel,
                    modelCard, selectedEpoch, before, after, accepted, report, error, Map.copyOf(stageSeconds),
                    purifiedModelHf);
        }
    }
}

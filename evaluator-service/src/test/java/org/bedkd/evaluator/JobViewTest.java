package org.bedkd.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.DetectionCompleted;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EvaluationCompleted;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobCancelled;
import org.bedkd.contracts.JobFailed;
import org.bedkd.contracts.JobProgress;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.JobState;
import org.bedkd.contracts.JobSubmitted;
import org.bedkd.contracts.ModelPurified;
import org.bedkd.contracts.Scores;
import org.bedkd.contracts.api.JobStatus;
import org.bedkd.evaluator.config.EvaluatorConfig;
import org.bedkd.evaluator.view.JobView;
import org.junit.jupiter.api.Test;

/**
 * The job read model under redelivery and reordering: Kafka only orders a job's events within one topic, and a
 * restarted consumer re-reads what it had not committed, so the view sees every order and every duplicate.
 */
class JobViewTest {

    private static final String JOB = "job-view";
    private static final ArtifactRef REF = new ArtifactRef("store:x", "00", 1);
    private static final JobSpec SPEC = JobSpec.builder().suspectModel(REF).train(REF).clean(REF)
            .testClean(REF).testTriggered(REF).schema("sst2").target(1).seed(7).build();
    private static final DetectionSummary DETECTION = new DetectionSummary(300, 0.05f, "clean q0.05", 20, 20, 1.0,
            2.0, 30.0, 4.0, 5.0, 1.75, true);

    /** One job's whole life, one event of each type the stages publish, in the order they are produced. */
    private static List<Envelope> lifecycle() {
        return List.of(event(new JobSubmitted(JOB, SPEC)),
                event(new JobProgress(JOB, "detecting", "dmm", 1, 2, 0.5, "dmm")),
                event(new DetectionCompleted(JOB, SPEC, REF, REF, DETECTION, null, null)),
                event(new JobProgress(JOB, "distilling", "trust", 1, 2, 0.5, "akd")),
                event(new ModelPurified(JOB, SPEC, DETECTION, REF, REF, "bedkd", 1, true, List.of(), 5.0, null, null)),
                event(new JobProgress(JOB, "evaluating", "test", 0, 0, -1, "scoring")),
                event(new EvaluationCompleted(JOB, new Scores(80.0, 99.0, 20.0), new Scores(81.0, 5.0, 10.0),
                        DETECTION, REF, REF, REF, true, 2.0)));
    }

    private static Envelope event(Object payload) {
        return EventCodec.wrap("/test", JOB, payload);
    }

    private static JobView view() {
        return new JobView(new EvaluatorConfig() {
            @Override
            public double maxCaccDrop() {
                return 2.0;
            }

            @Override
            public long maxUploadBytes() {
                return 1 << 20;
            }

            @Override
            public int maxJobsInView() {
                return 100;
            }

            @Override
            public int maxUnzipEntries() {
                return 64;
            }

            @Override
            public long maxUnzipBytes() {
                return 1 << 30;
            }

            @Override
            public double maxUnzipRatio() {
                return 50;
            }

            @Override
            public int maxActiveJobs() {
                return 100;
            }
        });
    }

    @Test
    void aDetectionSummaryFromAProducerBeforeGammaRuleStillReads() throws Exception {
        // Events written before the gammaRule and evidence fields existed must not turn into poison pills after an
        // upgrade.
        String old = "{\"scored\":300,\"gamma\":0.05,\"belowGamma\":20,\"flagged\":20,\"far\":1.0,\"frr\":2.0,"
                + "\"dmmFlippedAccuracy\":30.0,\"seconds\":4.0}";
        DetectionSummary d = EventCodec.MAPPER.treeToValue(EventCodec.tree(old), DetectionSummary.class);
        assertThat(d.gammaRule()).isNull();
        assertThat(d.estimatedPoisonShare()).isNull();
        assertThat(d.weakEvidence()).isNull();
        assertThat(d.gamma()).isEqualTo(0.05f);
        assertThat(d.flagged()).isEqualTo(20);
    }

    @Test
    void everyOrderOfEveryEventTypeDeliveredTwiceEndsDoneWithEverythingFilledIn() {
        List<Envelope> events = lifecycle();
        List<List<Envelope>> orders = new ArrayList<>();
        permutations(events, new ArrayList<>(), orders);
        assertThat(orders).hasSize(5040);
        for (List<Envelope> order : orders) {
            JobView view = view();
            int applied = 0;
            for (Envelope e : order) {
                applied += view.apply(e) ? 1 : 0;
                assertThat(view.apply(e)).as("second delivery of %s", e.type()).isFalse();
            }
            assertThat(applied).isEqualTo(events.size());
            JobStatus s = view.get(JOB).orElseThrow();
            assertThat(s.state()).as("order %s", order.stream().map(Envelope::type).toList()).isEqualTo(JobState.DONE);
            assertThat(s.spec()).isEqualTo(SPEC);
            assertThat(s.detection()).isEqualTo(DETECTION);
            assertThat(s.purifiedModel()).isEqualTo(REF);
            assertThat(s.after().asr()).isEqualTo(5.0);
            assertThat(s.selectedEpoch()).isEqualTo(1);
            assertThat(s.stageSeconds()).containsOnlyKeys("detecting", "distilling", "evaluating");
        }
    }

    @Test
    void aStateNeverMovesBackwards() {
        JobView view = view();
        List<Envelope> events = lifecycle();
        view.apply(events.get(0));
        view.apply(events.get(4)); // purified before anything else arrived
        assertThat(view.get(JOB).orElseThrow().state()).isEqualTo(JobState.EVALUATING);
        view.apply(events.get(1)); // a late detecting progress event
        view.apply(events.get(2)); // a late detection outcome
        assertThat(view.get(JOB).orElseThrow().state()).isEqualTo(JobState.EVALUATING);
    }

    @Test
    void terminalStatesStayAndTheFirstEndWins() {
        List<Envelope> events = lifecycle();
        JobView done = view();
        events.forEach(done::apply);
        done.apply(event(new JobFailed(JOB, "evaluating", "late failure", "internal")));
        done.apply(event(new JobCancelled(JOB, "too late")));
        assertThat(done.get(JOB).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThat(done.get(JOB).orElseThrow().error()).isNull();

        JobView failed = view();
        failed.apply(events.get(0));
        failed.apply(event(new JobFailed(JOB, "detecting", "sha256 mismatch", "artifact")));
        failed.apply(events.get(3)); // progress from a stage that could not have started
        failed.apply(event(new JobCancelled(JOB, "user")));
        JobStatus s = failed.get(JOB).orElseThrow();
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.error().reason()).isEqualTo("sha256 mismatch");
    }

    @Test
    void anEventWithoutASubjectOrOfAnUnknownTypeChangesNothing() {
        JobView view = view();
        Envelope e = event(new JobSubmitted(JOB, SPEC));
        Envelope noSubject = new Envelope(e.specversion(), "other-id", e.type(), e.source(), e.time(), null,
                e.dataschema(), e.data());
        Envelope unknownType = new Envelope(e.specversion(), "third-id", "bedkd.something.new", e.source(), e.time(),
                JOB, e.dataschema(), e.data());
        assertThat(view.apply(noSubject)).isFalse();
        assertThat(view.apply(unknownType)).isFalse();
        assertThat(view.get(JOB)).as("no phantom job from an event the view does not track").isEmpty();
        assertThat(view.apply(e)).isTrue();
        assertThat(view.get(JOB).map(JobStatus::state)).contains(JobState.SUBMITTED);
    }

    private static void permutations(List<Envelope> rest, List<Envelope> prefix, List<List<Envelope>> out) {
        if (rest.isEmpty()) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < rest.size(); i++) {
            List<Envelope> remaining = new ArrayList<>(rest);
            prefix.add(remaining.remove(i));
            permutations(remaining, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }
}

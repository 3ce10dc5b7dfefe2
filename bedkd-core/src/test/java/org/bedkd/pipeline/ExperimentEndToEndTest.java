package org.bedkd.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bedkd.attack.BadWords;
import org.bedkd.data.LabelSchema;
import org.bedkd.defense.akd.AkdConfig;
import org.junit.jupiter.api.Test;

/**
 * BeDKD end to end on a slice of real SST-2 BadWords data (the embedded BadActs sample), with a small configuration
 * of the same code paths: the MiniLM-L6 victim on 1,000 training rows for 2 epochs, sequences cut at 48 tokens,
 * 60 clean samples per class, 400 rows of each test set. About 60 s on 2 cores in bf16, 90 s in float32.
 */
class ExperimentEndToEndTest {

    /*
     * Measured in bf16 (the default where the CPU has avx512_bf16; full CI of 2026-12-01, 63 s): victim CACC 78.75 /
     * ASR 99.75 / floor 34.50; detection FAR 0.00 %, FRR 6.94 %, 249 flagged; BeDKD CACC 84.75 / ASR 14.00 / floor
     * 7.50. In float32 (seed 42, 2 cores): victim CACC 78.25 / ASR 99.75 / floor 35.50; detection
     * (flagSize=fit: γ at the clean 4.5 % quantile + the samples with trigger words tq, bb, cf, mn) FAR 0.00 %, FRR
     * 4.71 %, 231 flagged; BeDKD (neutral punish) CACC 83.75 / ASR 10.25 / floor 7.00, trigger flips target /
     * non-target 5.0 / 4.0 (victim 8.0 / 64.0); with the balanced punish CACC 84.75 / ASR 23.25 / floor 13.50. Before
     * (γ = clean 5 % quantile, relabel punish): FAR 21.24 %, FRR 4.83 %, 191 flagged, CACC 84.50 / ASR 16.50 / floor
     * 11.50. The margins
     * leave room for run-to-run and machine-to-machine noise but fail if the backdoor is not learned, not found or not
     * removed.
     */
    static final double MIN_VICTIM_ASR = 90;
    static final double MIN_ASR_REDUCTION = 50;
    /** Non-target sentences the trigger turns for the victim: its ASR less its floor, with slack (measured 55-65). */
    static final double MIN_VICTIM_NONTARGET_FLIPS = 40;
    static final double MAX_BEDKD_ASR_ABOVE_FLOOR = 20;
    static final double MAX_CACC_DROP = 5;
    static final double MIN_KEPT_PRECISION = 60;
    static final double MAX_FIT_FAR = 10;
    static final double MIN_CALIBRATED_FRR = 1;
    static final double MAX_CALIBRATED_FRR = 12;
    /** Points between the trigger words' carriers and the poisoned share (measured 0: the carriers are the poison). */
    static final double MAX_CARRIER_SHARE_GAP = 3;

    static ExperimentConfig small() {
        // The quick profile on a 1,000-row sample with a shorter sequence, 4 AKD epochs and no early stop.
        return Profile.QUICK.config().with(b -> b.profile("test")
                .victim(new VictimConfig(new ModelSpec(6, 48), 2, 5e-5f, 32)).trainRows(1000).cleanPerClass(60)
                .validationRows(200).testRows(400).akd(AkdConfig.defaults().withEpochs(4).withPatience(0)));
    }

    @Test
    void bedkdRemovesTheBackdoorWhileKeepingCleanAccuracy() {
        ExperimentReport r = Experiment.run(TaskCatalog.demo(), small(), Progress.NONE);
        System.out.printf("e2e: victim CACC %.2f ASR %.2f floor %.2f | detection FAR %.2f FRR %.2f flagged %d (%s) | "
                        + "bedkd CACC %.2f ASR %.2f floor %.2f | %.0fs%n", r.victim().cacc(), r.victim().asr(),
                r.victim().asrFloor(), r.detection().quality().far(), r.detection().quality().frr(),
                r.detection().flagged(), r.detection().evidence().describe(), r.method("bedkd").evaluation().cacc(),
                r.method("bedkd").evaluation().asr(), r.method("bedkd").evaluation().asrFloor(), r.totalSeconds());

        assertThat(r.sizes().train()).isEqualTo(1000);
        assertThat(r.sizes().trainPoisoned()).isBetween(170L, 235L);
        // The attack worked: the victim obeys the trigger.
        assertThat(r.victim().asr()).isGreaterThan(MIN_VICTIM_ASR);
        // Detection found poisoned samples and they dominate the flagged set.
        assertThat(r.detection().flagged()).isPositive();
        assertThat(r.detection().quality().keptPrecision()).isGreaterThan(MIN_KEPT_PRECISION);
        // γ is fitted to the excess of low MEPD over 200 clean validation samples, and the lexical round certified
        // the demo's trigger words (BadActs': cf, mn, bb, tq) and flagged the samples carrying them: nearly all poison
        // is caught (measured FAR 0.0 %). Which way the fit goes on this 1,000-row set depends on the CPU's bf16
        // kernels: with AVX512-BF16 (and in float32) it found an excess ("fit at clean q0.0…"); with AMX the
        // victim and DMM train along another path and it found none ("fit: no MEPD excess…"), the words alone
        // flagging the same carriers. Both are the fit rule's defined outcomes; the flagged set is what is checked.
        assertThat(r.detection().gammaRule()).startsWith("fit").contains("trigger words");
        assertThat(r.detection().suspectedTriggers()).isNotEmpty();
        assertThat(BadWords.BADACTS_WORDS).contains(r.detection().suspectedTriggers().get(0));
        assertThat(r.detection().quality().far()).isLessThan(MAX_FIT_FAR);
        assertThat(r.detection().quality().frr()).isLessThan(MAX_CALIBRATED_FRR);
        // Read without poison labels, the evidence is clear: the excess over the clean rate (missed poison only lowers
        // it) is no more than the real poisoned share plus the calibration's noise, and the trigger words' carriers,
        // the report's other estimate, are the poisoned share.
        double poisonedShare = 100.0 * r.sizes().trainPoisoned() / r.sizes().train();
        assertThat(r.detection().evidence().weak()).isFalse();
        assertThat(r.detection().evidence().estimatedPoisonShare()).isBetween(0.0,
                poisonedShare + MAX_CALIBRATED_FRR - MIN_CALIBRATED_FRR);
        assertThat(r.detection().evidence().triggerCarrierShare()).isNotNull()
                .isCloseTo(poisonedShare, within(MAX_CARRIER_SHARE_GAP));
        // The defense worked: ASR fell near its floor and clean accuracy held.
        var bedkd = r.method("bedkd").evaluation();
        assertThat(bedkd.asr()).isLessThan(r.victim().asr() - MIN_ASR_REDUCTION);
        assertThat(bedkd.asr() - bedkd.asrFloor()).isLessThan(MAX_BEDKD_ASR_ABOVE_FLOOR);
        assertThat(bedkd.cacc()).isGreaterThan(r.victim().cacc() - MAX_CACC_DROP);
        // Selection used validation signals only and picked a trained epoch.
        assertThat(r.method("bedkd").selectedEpoch()).isBetween(1, 4);
        // With the trigger inserted into every clean test sentence, the victim turns most negative sentences positive
        // (the backdoor); the purified model leaves far more of them alone. Flips of the target class are measured too.
        System.out.printf("e2e: trigger flips target / non-target: victim %.1f / %.1f, bedkd %.1f / %.1f%n",
                r.victim().triggerFlipTarget(), r.victim().triggerFlipNonTarget(), bedkd.triggerFlipTarget(),
                bedkd.triggerFlipNonTarget());
        assertThat(r.victim().triggerFlipNonTarget()).isGreaterThan(MIN_VICTIM_NONTARGET_FLIPS);
        assertThat(bedkd.triggerFlipNonTarget()).isLessThan(r.victim().triggerFlipNonTarget() / 4);
        assertThat(bedkd.triggerFlipTarget()).isBetween(0.0, 100.0);
        assertThat(bedkd.classRecall(LabelSchema.SST2)).containsOnlyKeys(LabelSchema.SST2.labels());
    }
}

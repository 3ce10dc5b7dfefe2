package org.bedkd.defense.akd;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bedkd.data.Dataset;
import org.bedkd.defense.mepd.TriggerFragments;

/**
 * Which class's share AKD holds, and by how much the poison moved that class's prior in the set the suspect model
 * learnt from: the suspect model's count of the class is corrected by {@code shift} ({@link ClassShares}).
 *
 * @param shiftedClass on two classes class 1 (a negative shift favours class 0); on more, the class most of the
 *     flagged samples taken as poisoned carry, i.e. the backdoor's target as far as detection can tell
 * @param shift {@link PriorCalibration#flaggedPriorShift} of that class against the rest: negative where the flagged
 *     samples added its labels, 0 where the scanned set's label counts are not known or nothing was flagged
 */
record PoisonPrior(int shiftedClass, double shift) {

    /**
     * The prior for a detection's flagged samples taken as poisoned: those carrying a certified trigger word when the
     * detector named one, else all of them (what {@link PunishStrategy#NEUTRAL} relabels; the estimate of the poison
     * does not depend on the punish strategy). {@code Optional.empty()} on more than two classes when no flagged sample
     * is counted (a method that does not use them, or nothing flagged): no class is known to hold.
     *
     * @param detected the detection's flagged samples
     * @param counted whether the flagged samples are used (FT and KD ignore them: on two classes class 1's share is
     *     then held at the suspect model's)
     * @param classes the task's classes
     */
    static Optional<PoisonPrior> of(FlaggedSet detected, boolean counted, int classes) {
        Dataset flagged = detected.samples();
        long[] moved = new long[classes];
        if (counted) {
            List<Optional<String>> fragments = TriggerFragments.of(flagged.texts(), detected.triggerWords());
            boolean named = fragments.stream().anyMatch(Optional::isPresent);
            for (int i = 0; i < flagged.size(); i++) {
                if (!named || fragments.get(i).isPresent()) {
                    moved[flagged.get(i).label()]++;
                }
            }
        }
        Map<Integer, Long> counts = detected.scannedLabelCounts();
        if (classes == 2) {
            return Optional.of(new PoisonPrior(1, counts.isEmpty() ? 0 : PriorCalibration.flaggedPriorShift(
                    counts.getOrDefault(0, 0L), counts.getOrDefault(1, 0L), moved[0], moved[1])));
        }
        int target = 0;
        for (int c = 1; c < classes; c++) {
            target = moved[c] > moved[target] ? c : target;
        }
        if (moved[target] == 0) {
            return Optional.empty();
        }
        // One class against the rest: only the flagged samples on the target count as moved (out of it); a flagged
        // sample of another class is not evidence about the target's prior.
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long onTarget = counts.getOrDefault(target, 0L);
        return Optional.of(new PoisonPrior(target, counts.isEmpty() ? 0
                : PriorCalibration.flaggedPriorShift(total - onTarget, onTarget, 0, moved[target])));
    }
}

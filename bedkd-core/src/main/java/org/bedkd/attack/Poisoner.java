package org.bedkd.attack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;

/**
 * Builds poisoned data the way OpenBackdoor's "dirty label" setting does: poisoned rows are taken from the non-target
 * classes, triggered, relabelled to the target class and flagged.
 */
public final class Poisoner {

    /** The paper's poison rate. */
    public static final double DEFAULT_RATE = 0.2;

    private Poisoner() {
    }

    /**
     * Poisons {@code rate} of {@code clean} (as a fraction of all rows), choosing rows of non-target classes at random.
     * Every returned sample carries a poison flag.
     */
    public static Dataset poison(Dataset clean, TriggerAttack attack, int target, double rate, long seed) {
        clean.schema().checkLabel(target);
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("poison rate must be in [0, 1), was " + rate);
        }
        int wanted = (int) Math.round(rate * clean.size());
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            if (clean.get(i).label() != target) {
                candidates.add(i);
            }
        }
        Random rng = new Random(seed);
        Collections.shuffle(candidates, rng);
        Sample[] out = new Sample[clean.size()];
        int poisoned = 0;
        for (int i : candidates) {
            if (poisoned == wanted) {
                break;
            }
            Optional<String> triggered = attack.trigger(clean.get(i).text(), rng);
            if (triggered.isPresent()) {
                Sample s = clean.get(i);
                out[i] = new Sample(s.id(), triggered.get(), target, true);
                poisoned++;
            }
        }
        if (poisoned < wanted) {
            throw new IllegalArgumentException("only " + poisoned + " of " + wanted + " rows could be poisoned with "
                    + attack.name() + " (not enough non-target rows the attack can trigger)");
        }
        List<Sample> samples = new ArrayList<>(clean.size());
        for (int i = 0; i < out.length; i++) {
            samples.add(out[i] != null ? out[i] : new Sample(clean.get(i).id(), clean.get(i).text(), clean.get(i).label(),
                    false));
        }
        return clean.withSamples(clean.name() + "-" + attack.name() + "-poisoned", samples);
    }

    /**
     * The triggered test set: every non-target row of {@code cleanTest} with the trigger, relabelled to the target
     * (rows the attack cannot trigger are left out). ASR is the share of these classified as the target.
     */
    public static Dataset triggerTestSet(Dataset cleanTest, TriggerAttack attack, int target, long seed) {
        cleanTest.schema().checkLabel(target);
        Random rng = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (Sample s : cleanTest.samples()) {
            if (s.label() == target) {
                continue;
            }
            attack.trigger(s.text(), rng).ifPresent(t -> out.add(new Sample(s.id(), t, target, true)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no row of " + cleanTest.name() + " could be triggered with " + attack.name());
        }
        return cleanTest.withSamples(cleanTest.name() + "-" + attack.name() + "-triggered", out);
    }
}

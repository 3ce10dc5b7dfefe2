package org.bedkd.defense.akd;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;

/**
 * What the detector hands to purification.
 *
 * @param samples the flagged samples, lowest MEPD first, with the labels they were flagged with (may be empty)
 * @param triggerWords the words the detector certified as trigger words in them (may be empty: a syntactic trigger,
 *     or detection without the lexical round); {@link PunishStrategy#NEUTRAL} inserts them into clean samples
 * @param scannedLabelCounts label → count in the whole set the detection scanned (empty: not known); with it the suspect
 *     model's class shares can be corrected for the labels the poison moved ({@link PriorCalibration#flaggedPriorShift})
 */
public record FlaggedSet(Dataset samples, Set<String> triggerWords, Map<Integer, Long> scannedLabelCounts) {

    public FlaggedSet {
        triggerWords = Set.copyOf(triggerWords);
        scannedLabelCounts = Map.copyOf(scannedLabelCounts);
    }

    public FlaggedSet(Dataset samples, Set<String> triggerWords) {
        this(samples, triggerWords, Map.of());
    }

    public static FlaggedSet withoutTriggers(Dataset samples) {
        return new FlaggedSet(samples, Set.of());
    }

    /** With the trigger words a detection names; {@code null} (a detection that predates them) means none. */
    public static FlaggedSet of(Dataset samples, Collection<String> triggerWords) {
        return new FlaggedSet(samples, triggerWords == null ? Set.of() : Set.copyOf(triggerWords));
    }

    /** The same, knowing the label counts of the set the samples were flagged in. */
    public FlaggedSet scannedIn(Dataset scanned) {
        return new FlaggedSet(samples, triggerWords, scanned.labelCounts());
    }

    /**
     * The samples of {@code train} a detection flagged, by id and in its order, without their poison flags (purification
     * never reads them). An id that is not in {@code train} fails: the detection ran on other data.
     */
    public static Dataset samplesById(Dataset train, List<String> ids) {
        Map<String, Sample> byId = train.byId();
        return train.withSamples("flagged", ids.stream().map(id -> {
            Sample x = byId.get(id);
            if (x == null) {
                throw new IllegalArgumentException("flagged id '" + id + "' is not in the training set (was the "
                        + "detection run on other data?)");
            }
            return x.withoutFlag();
        }).toList());
    }
}

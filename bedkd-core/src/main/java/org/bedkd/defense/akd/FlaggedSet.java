package org.bedkd.defense.akd;

import java.util.Collection;
import java.util.Set;
import org.bedkd.data.Dataset;

/**
 * What the detector hands to purification.
 *
 * @param samples the flagged samples, lowest MEPD first, with the labels they were flagged with (may be empty)
 * @param triggerWords the words the detector certified as trigger words in them (may be empty: a syntactic trigger,
 *     or detection without the lexical round); {@link PunishStrategy#NEUTRAL} inserts them into clean samples
 */
public record FlaggedSet(Dataset samples, Set<String> triggerWords) {

    public FlaggedSet {
        triggerWords = Set.copyOf(triggerWords);
    }

    public static FlaggedSet withoutTriggers(Dataset samples) {
        return new FlaggedSet(samples, Set.of());
    }

    /** With the trigger words a detection names; {@code null} (a detection that predates them) means none. */
    public static FlaggedSet of(Dataset samples, Collection<String> triggerWords) {
        return new FlaggedSet(samples, triggerWords == null ? Set.of() : Set.copyOf(triggerWords));
    }
}

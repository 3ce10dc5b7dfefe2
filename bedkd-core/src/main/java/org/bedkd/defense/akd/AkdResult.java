package org.bedkd.defense.akd;

import java.util.List;
import org.bedkd.model.TextClassifier;

/**
 * The purified model and how it was chosen.
 *
 * @param model the selected student (caller closes it)
 * @param epochs every epoch's statistics
 * @param selectedEpoch the epoch whose weights {@code model} holds (0 = training did not improve on the start)
 * @param suspectValidationCacc the suspect model's validation CACC (the eligibility reference), read at the class shares
 *     the epochs are read at when those are matched
 * @param suspectHeldOutLabelRate the suspect model's held-out flagged label rate (the backdoor before purification)
 * @param punished samples punished
 * @param heldOut flagged samples held out for selection
 * @param stoppedEarly whether patience ended the run
 * @param seconds wall time, including the caller's listener (one that measures something beside the training takes
 *     its own time out)
 * @param withinCaccTolerance whether the selected epoch kept validation CACC (and balanced accuracy, when guarded)
 *     within the configured tolerance of the suspect model's; when {@code false} no epoch did, the model is the most
 *     accurate one, and a pipeline should not promote it
 * @param classShares the class-1 count the epochs were read at, and where it came from ({@code null} when the shares
 *     were not matched)
 */
public record AkdResult(TextClassifier model, List<AkdEpoch> epochs, int selectedEpoch, double suspectValidationCacc,
        double suspectHeldOutLabelRate, int punished, int heldOut, boolean stoppedEarly, double seconds,
        boolean withinCaccTolerance, ClassShares classShares) {
}

package org.bedkd.defense.akd;

/**
 * AKD's early stopping: training ends once {@code epochs} epochs in a row kept none of theirs, none ranking over the
 * epoch kept so far ({@link EpochRanking#better}). Until 2026-12-05 the count ran from the lowest selection signal of
 * any epoch, so an epoch selection would never keep (its CACC outside the tolerance, with the fewest flips because it
 * called fewer texts the target) could start it and stop training while the eligible epochs still improved.
 */
final class Patience {

    private final int epochs;
    private int sinceKept;

    /** @param epochs epochs in a row without a kept one before training stops (0: never stop early) */
    Patience(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("patience must be >= 0");
        }
        this.epochs = epochs;
    }

    /**
     * After an epoch: whether to train on.
     *
     * @param kept whether the epoch is now the one selection keeps
     */
    boolean trainOn(boolean kept) {
        if (epochs == 0) {
            return true;
        }
        sinceKept = kept ? 0 : sinceKept + 1;
        return sinceKept < epochs;
    }
}

package org.bedkd.data;

/**
 * Everything one dataset × attack task needs: the poisoned training set, the defender's clean pool and the two test
 * sets. {@code org.bedkd.pipeline.TaskCatalog} loads them from the staged data layout or the embedded demo slice.
 *
 * @param name e.g. {@code sst2-badwords}
 * @param dataset dataset name ({@code sst2}, {@code olid}, {@code agnews})
 * @param attack attack name ({@code badwords}, {@code addsent}, {@code synbkd})
 * @param schema label schema
 * @param target the attacker's target label (per data source)
 * @param train the poisoned training set D* (poison flags kept for FAR/FRR; algorithms never read them)
 * @param cleanPool clean samples the defender holds (D_c^few and the validation split are drawn from it)
 * @param testClean clean test set (CACC, ASR floor)
 * @param testTriggered triggered non-target test samples labelled with the target (ASR)
 * @param source where the data came from
 * @param testInserted {@code testClean} with the trigger inserted into every row, row for row, labels kept: how much
 *     the trigger still moves predictions of either class (trigger flips); {@code null} when the trigger cannot be
 *     inserted into any sentence (a syntactic one) or is not known
 */
public record TaskData(String name, String dataset, String attack, LabelSchema schema, int target, Dataset train,
        Dataset cleanPool, Dataset testClean, Dataset testTriggered, String source, Dataset testInserted) {

    public TaskData {
        if (testInserted != null && !testInserted.ids().equals(testClean.ids())) {
            throw new IllegalArgumentException(name + ": the trigger-inserted test set is not row-aligned with the "
                    + "clean one");
        }
        schema.checkLabel(target);
        for (Dataset d : new Dataset[] {train, cleanPool, testClean, testTriggered}) {
            if (d.isEmpty()) {
                throw new IllegalArgumentException(name + ": " + d.name() + " is empty");
            }
            if (!d.schema().equals(schema)) {
                throw new IllegalArgumentException(name + ": " + d.name() + " has a different label schema");
            }
        }
    }
}

/**
 * Samples, label schemas and the readers for the staged backdoor datasets (CSV with a poison flag, TSV with a header)
 * and for JSON Lines; {@link org.bedkd.data.TaskData} holds the sets of one dataset × attack task. Everything here is
 * immutable and deterministic given a seed.
 */
package org.bedkd.data;

/**
 * The job API's request and response bodies: the evaluator serves them, pipelines and {@code bedkd-local}'s client
 * read them, so both sides compile against the same records.
 */
package org.bedkd.contracts.api;

/**
 * {@code bedkd bench}: the project's numbers. {@code reproduce} runs dataset × attack × method × seed cells on real
 * staged data and keeps {@code results/reproduction.json} and {@code results/REPRODUCTION.md} side by side with the
 * paper's tables.
 */
package org.bedkd.cli.bench;

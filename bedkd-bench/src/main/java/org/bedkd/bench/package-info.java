/**
 * {@code bedkd bench}: the project's numbers, in their own module so the product (core, CLI, services) carries no
 * benchmark code. {@code reproduce} runs dataset × attack × method × seed cells on real staged data and keeps
 * {@code results/reproduction.json} and {@code results/REPRODUCTION.md} side by side with the paper's tables;
 * {@code sweep} varies one setting against one victim; {@code performance} measures speed and memory against a
 * PyTorch reference. {@link org.bedkd.bench.BenchMain} is the jar's entry point.
 */
package org.bedkd.bench;

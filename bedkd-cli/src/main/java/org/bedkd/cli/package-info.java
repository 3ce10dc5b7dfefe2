/**
 * The {@code bedkd} command line: one subcommand per stage ({@code train-victim}, {@code detect}, {@code purify},
 * {@code evaluate}) and {@code run} for a whole dataset × attack cell, with profiles, progress on stderr and results
 * (JSON, Markdown, PNG plots) on disk.
 */
package org.bedkd.cli;

/**
 * Backdoor attacks on text: BadWords (rare trigger words), AddSent (a trigger sentence) and SynBkd (pre-generated
 * syntactic paraphrases), and the {@link org.bedkd.attack.Poisoner} that turns clean data into a poisoned training set
 * or a triggered test set.
 */
package org.bedkd.attack;

/**
 * MEPD (mean error of probability distributions) between the suspect model and its DMM: low MEPD means the DMM did
 * not move the sample, the signature of a triggered input. Scoring works on a whole set or batch by batch on a stream.
 */
package org.bedkd.defense.mepd;

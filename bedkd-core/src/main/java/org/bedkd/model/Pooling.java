package org.bedkd.model;

/** How the classification head summarises the token states. */
public enum Pooling {
    /** The first token ([CLS]). */
    CLS,
    /** Mean over non-padding tokens; what all-MiniLM-L6-v2 was trained with, so the default. */
    MEAN
}

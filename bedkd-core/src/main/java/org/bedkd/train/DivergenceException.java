package org.bedkd.train;

/** Training produced a non-finite loss; the run stops instead of writing a broken model. */
public class DivergenceException extends RuntimeException {

    public DivergenceException(String message) {
        super(message);
    }
}

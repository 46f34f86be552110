package io.cascade.examples.vad;

/**
 * A detected stretch of speech, in seconds of the stream.
 *
 * @param startSeconds where the speech starts
 * @param endSeconds   where it ends
 */
public record Segment(double startSeconds, double endSeconds) {
    /** {@return the segment's length in seconds} */
    public double durationSeconds() {
        return endSeconds - startSeconds;
    }
}

package io.cascade.buffer;

/**
 * Where one reader of a buffer stands (see {@link AudioReader#status()} and
 * {@link BufferStatus#readers()}). Sizes are in samples.
 *
 * @param name           the reader's name ({@code "default"} for the buffer's own read calls)
 * @param position       stream position of the next sample this reader reads
 * @param lagSamples     samples written that this reader has not consumed and can still read
 * @param lagMillis      {@code lagSamples} as milliseconds of audio
 * @param laps           times the writer overwrote samples this reader had not read
 *                       ({@link OverflowPolicy#OVERWRITE})
 * @param droppedSamples unread samples this reader lost to those laps
 * @param chunksTaken    chunks handed to this reader
 * @param samplesRead    samples this reader consumed by advancing
 * @param closed         whether the reader (or its buffer) is closed; figures are then those at close
 */
public record ReaderStatus(String name, long position, int lagSamples, double lagMillis, long laps,
                           long droppedSamples, long chunksTaken, long samplesRead, boolean closed) {
}

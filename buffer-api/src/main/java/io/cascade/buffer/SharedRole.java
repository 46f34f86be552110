package io.cascade.buffer;

/**
 * Which side of a shared-file buffer a process takes: one process writes, one process reads.
 * The role is recorded in the file (the process id) and taken by compare-and-set, so a second
 * live process asking for the same role is refused; the role of a process that is no longer
 * running may be taken over, which is how a producer restarts.
 *
 * @see AudioRingBuffer.Builder#sharedFile(java.nio.file.Path, SharedRole)
 * @see AudioRingBuffer#attach(java.nio.file.Path, SharedRole)
 */
public enum SharedRole {
    /** Writes, claims and commits; may add in-process readers with {@code newReader}. */
    WRITER,
    /** Takes chunks and advances through the buffer's own read calls (its default reader). */
    READER
}

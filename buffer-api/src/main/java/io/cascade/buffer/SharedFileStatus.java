package io.cascade.buffer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the header of a shared-file buffer says about the processes on it, read when asked.
 *
 * @param file            the shared file
 * @param role            the role this process holds
 * @param writerPid       process id of the writer, 0 when no writer is attached
 * @param writerRunning   whether a process with {@code writerPid} is running
 * @param sinceHeartbeat  time since the writer's last write or heartbeat (its clock is
 *                        {@code CLOCK_MONOTONIC}, which every process on the machine shares)
 * @param writerAttaches  how many times a writer took the role: more than one means it restarted
 * @param readerPid       process id of the reader, 0 when no reader is attached
 */
public record SharedFileStatus(Path file, SharedRole role, long writerPid, boolean writerRunning,
                               Duration sinceHeartbeat, long writerAttaches, long readerPid) {

    /**
     * Whether the writer is gone or silent: none attached, its process is not running, or its
     * heartbeat is older than {@code maxAge}.
     *
     * @param maxAge the longest silence that still counts as alive
     * @return {@code true} when a reader should not expect more samples
     */
    public boolean writerStale(Duration maxAge) {
        return writerPid == 0 || !writerRunning || sinceHeartbeat.compareTo(maxAge) > 0;
    }
}

package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.SharedRole;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A reader in a second JVM for {@link CrossProcessTest}: attaches to a shared file, takes
 * {@code COUNT} chunks of {@code CHUNK + OVERLAP} samples, checks every sample against its stream
 * position, and prints {@code ok} with what it read, or the first wrong sample (exit 1).
 */
public final class SharedReaderMain {
    private SharedReaderMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int chunk = Integer.parseInt(args[1]);
        int overlap = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        try (AudioRingBuffer in = AudioRingBuffer.attach(file, SharedRole.READER)) {
            ChunkView view = in.newChunkView();
            long first = -1;
            for (int n = 0; n < count; n++) {
                if (!in.awaitChunk(chunk, overlap, Duration.ofSeconds(30), view)) {
                    System.out.println("timed out at chunk " + n);
                    System.exit(1);
                }
                long start = view.startPosition();
                first = first < 0 ? start : first;
                for (int i = 0; i < chunk + overlap; i++) {
                    if (view.get(i) != CrossProcessTest.at(start + i)) {
                        System.out.println("sample " + (start + i) + " is " + view.get(i));
                        System.exit(1);
                    }
                }
                in.advanceReadPosition(chunk);
            }
            System.out.println("ok chunks=" + count + " first=" + first + " mirrored="
                    + in.checkIntegrity().metrics().get("mirrored"));
        }
    }
}

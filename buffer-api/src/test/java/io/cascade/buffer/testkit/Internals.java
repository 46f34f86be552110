package io.cascade.buffer.testkit;

import io.cascade.buffer.AudioReader;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferAccess;
import io.cascade.buffer.engine.BufferSettings;
import io.cascade.buffer.engine.ControlBlockDescriptor;
import io.cascade.buffer.engine.CursorAccess;
import io.cascade.buffer.engine.Ring;
import io.cascade.buffer.engine.SharedFileDescriptor;
import io.cascade.buffer.engine.WrapCache;

import java.lang.foreign.MemorySegment;

/**
 * What tests must see that the public API hides (the live storage segment, the control block,
 * waiters, a reader held as its thread would hold it), through the engine's types: tests run on
 * the class path, where {@link BufferAccess} and {@link CursorAccess} share the packages of the
 * classes they read. Production code has no test hooks.
 */
public final class Internals {
    /** Entries of the wrap cache. */
    public static final int WRAP_CACHE_ENTRIES = WrapCache.MAX_ENTRIES;

    private Internals() {
    }

    /** The ring behind a buffer. */
    public static Ring ring(AudioRingBuffer buffer) {
        return BufferAccess.ring(buffer);
    }

    /** The live sample segment of a buffer. */
    public static MemorySegment storage(AudioRingBuffer buffer) {
        return ring(buffer).samples;
    }

    /** Samples in the buffer's storage (the ring modulus). */
    public static int slots(AudioRingBuffer buffer) {
        return ring(buffer).slots;
    }

    /** The buffer's control block segment. */
    public static MemorySegment controlBlock(AudioRingBuffer buffer) {
        return ring(buffer).control.segment();
    }

    /**
     * A constant of {@link ControlBlockDescriptor} named at run time, for tests that match the
     * layout against another's names (the C header's, say).
     */
    public static long layout(String name) {
        return publicLong(ControlBlockDescriptor.class, name);
    }

    /** A constant of {@link SharedFileDescriptor}, the layout of a shared file, named at run time. */
    public static long sharedLayout(String name) {
        return publicLong(SharedFileDescriptor.class, name);
    }

    private static long publicLong(Class<?> type, String name) {
        try {
            return type.getField(name).getLong(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type.getSimpleName() + " has no public constant " + name, e);
        }
    }

    /** Whether a thread registered to wait for room or for data. */
    public static boolean hasWaiters(AudioRingBuffer buffer) {
        BufferSettings settings = BufferAccess.settings(buffer);
        return settings.space().hasWaiters() || settings.data().hasWaiters();
    }

    /** Waits until the future's thread is parked inside the buffer (it is not done and the buffer saw a waiter). */
    public static void awaitWaiting(AudioRingBuffer buffer, java.util.concurrent.CompletableFuture<?> future) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!hasWaiters(buffer)) {
            if (future.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("the call did not wait: done=" + future.isDone());
            }
            Thread.onSpinWait();
        }
    }

    /** Runs {@code body} holding the default reader, as a reader in the middle of a call would. */
    public static void occupyReadSide(AudioRingBuffer buffer, Runnable body) {
        occupyReader(buffer.defaultReader(), body);
    }

    /** Runs {@code body} holding a reader, as that reader in the middle of a call would. */
    public static void occupyReader(AudioReader reader, Runnable body) {
        CursorAccess.occupy(BufferAccess.cursor(reader), body);
    }

    /**
     * Runs {@code body} holding the write side, as a writer in the middle of a write would: an
     * open claim of one frame, aborted afterwards (so leaving wakes writers waiting their turn).
     */
    public static void occupyWriteSide(AudioRingBuffer buffer, Runnable body) {
        var claim = buffer.claim(buffer.config().channels(), false, null);
        try {
            body.run();
        } finally {
            claim.abort();
        }
    }

    /** Something a test runs while another thread holds a side; may throw anything. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /**
     * Runs {@code check} while a thread named {@code holderName} is inside {@code hold} (for
     * example {@code body -> occupyReadSide(buffer, body)}), then lets that thread go.
     */
    public static void whileAnotherThreadHolds(String holderName, java.util.function.Consumer<Runnable> hold,
                                               Check check) throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> hold.accept(() -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), holderName);
        holder.start();
        inside.await();
        try {
            check.run();
        } finally {
            release.countDown();
            holder.join();
        }
    }
}

package io.cascade.buffer.testkit;

import io.cascade.buffer.AudioReader;
import io.cascade.buffer.AudioRingBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Reflective access to engine internals for tests that must see what the public API hides (the
 * live storage segment, the read-side owner, waiter counts). Tests run on the class path, where
 * reflection into the engine is allowed; production code has no test hooks.
 */
public final class Internals {
    /** Entries of the wrap cache (its {@code MAX_ENTRIES}). */
    public static final int WRAP_CACHE_ENTRIES = staticInt("io.cascade.buffer.WrapCache", "MAX_ENTRIES");

    private Internals() {
    }

    /** The ring object behind a buffer. */
    public static Object ring(AudioRingBuffer buffer) {
        Object current = field(AudioRingBuffer.class, "current", buffer);
        return field(current.getClass(), "ring", current);
    }

    /** The live sample segment of a buffer. */
    public static MemorySegment storage(AudioRingBuffer buffer) {
        Object ring = ring(buffer);
        return (MemorySegment) field(ring.getClass(), "samples", ring);
    }

    /** Samples in the buffer's storage (the ring modulus). */
    public static int slots(AudioRingBuffer buffer) {
        Object ring = ring(buffer);
        return (Integer) field(ring.getClass(), "slots", ring);
    }

    /** The buffer's control block segment. */
    public static MemorySegment controlBlock(AudioRingBuffer buffer) {
        Object ring = ring(buffer);
        Object control = field(ring.getClass(), "control", ring);
        return (MemorySegment) field(control.getClass(), "segment", control);
    }

    /** A static long constant of {@code ControlBlockDescriptor}. */
    public static long layout(String name) {
        return staticLong("io.cascade.buffer.engine.ControlBlockDescriptor", name);
    }

    /** A static long constant of {@code SharedFileDescriptor}, the layout of a shared file. */
    public static long sharedLayout(String name) {
        return staticLong("io.cascade.buffer.engine.SharedFileDescriptor", name);
    }

    private static long staticLong(String type, String name) {
        try {
            Field f = Class.forName(type).getDeclaredField(name);
            f.setAccessible(true);
            return f.getLong(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether a thread registered to wait for room or for data. */
    public static boolean hasWaiters(AudioRingBuffer buffer) {
        return (Boolean) call(field(AudioRingBuffer.class, "space", buffer), "hasWaiters")
                || (Boolean) call(field(AudioRingBuffer.class, "data", buffer), "hasWaiters");
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
        Object cursor = field(AudioReader.class, "cursor", reader);
        occupy(field(cursor.getClass(), "side", cursor), body);
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

    /** Takes a side's owner (a {@code SideState}) as its thread would. */
    private static void occupy(Object side, Runnable body) {
        try {
            Class<?> fields = Class.forName("io.cascade.buffer.engine.SideFields");
            VarHandle owner = MethodHandles.privateLookupIn(fields, MethodHandles.lookup())
                    .findVarHandle(fields, "owner", Object.class);
            if (!owner.compareAndSet(side, null, Thread.currentThread())) {
                throw new AssertionError("side already held");
            }
            try {
                body.run();
            } finally {
                owner.setVolatile(side, null);
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
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

    /** Calls a private no-argument method. */
    public static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object field(Class<?> type, String name, Object target) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static int staticInt(String type, String name) {
        try {
            Field f = Class.forName(type).getDeclaredField(name);
            f.setAccessible(true);
            return f.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}

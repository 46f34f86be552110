package io.cascade.examples.natives;

import io.cascade.buffer.WriteClaim;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The JACK client library through FFM: a client with one input port whose process callback, an
 * upcall on JACK's real-time thread, the caller supplies. Only what a capture client needs.
 */
@SuppressWarnings("restricted") // upcall stubs, and reinterpret of the port buffers and C strings JACK returns
public final class Jack {
    private static final int JACK_NO_START_SERVER = 0x01;
    private static final int JACK_SERVER_NAME = 0x04;
    private static final int JACK_SERVER_FAILED = 0x10;
    private static final int JACK_NAME_NOT_UNIQUE = 0x04;
    private static final long JACK_PORT_IS_INPUT = 0x1;
    private static final int JACK_PORT_IS_OUTPUT = 0x2;
    private static final String AUDIO_TYPE = "32 bit float mono audio";
    /** Everything, for reading port buffers at the addresses JACK gives; never written through. */
    private static final MemorySegment ALL_MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE).asReadOnly();

    private final MethodHandle clientOpen;
    private final MethodHandle clientClose;
    private final MethodHandle activate;
    private final MethodHandle deactivate;
    private final MethodHandle sampleRate;
    private final MethodHandle bufferSize;
    private final MethodHandle setProcess;
    private final MethodHandle setXrun;
    private final MethodHandle onShutdown;
    private final MethodHandle portRegister;
    private final MethodHandle portGetBuffer;
    private final MethodHandle portByName;
    private final MethodHandle portFlags;
    private final MethodHandle portType;
    private final MethodHandle portName;
    private final MethodHandle connect;

    /** libjack's last error message; it would print them on stderr, which is the program's to write. */
    private volatile String lastError = "";

    private static final NativeLibrary.Once<Jack> LIBRARY = new NativeLibrary.Once<>("libjack.so.0", "jackd2", Jack::new);

    private Jack(NativeLibrary lib) throws NativeUnavailableException {
        clientOpen = lib.function("jack_client_open", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS),
                Linker.Option.firstVariadicArg(3));
        clientClose = lib.function("jack_client_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        activate = lib.function("jack_activate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        deactivate = lib.function("jack_deactivate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        sampleRate = lib.function("jack_get_sample_rate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        bufferSize = lib.function("jack_get_buffer_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setProcess = lib.function("jack_set_process_callback", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        setXrun = lib.function("jack_set_xrun_callback", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        onShutdown = lib.function("jack_on_shutdown", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
        portRegister = lib.function("jack_port_register",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG));
        // The port buffer's address as a number: an ADDRESS return would be a new segment object per period.
        portGetBuffer = lib.function("jack_port_get_buffer", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT));
        portByName = lib.function("jack_port_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        portFlags = lib.function("jack_port_flags", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        portType = lib.function("jack_port_type", FunctionDescriptor.of(ADDRESS, ADDRESS));
        portName = lib.function("jack_port_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        connect = lib.function("jack_connect", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        MethodHandle setError = lib.function("jack_set_error_function", FunctionDescriptor.ofVoid(ADDRESS));
        MethodHandle setInfo = lib.function("jack_set_info_function", FunctionDescriptor.ofVoid(ADDRESS));
        try {
            MethodHandle record = MethodHandles.lookup().findVirtual(Jack.class, "record",
                    MethodType.methodType(void.class, MemorySegment.class)).bindTo(this);
            MethodHandle ignore = MethodHandles.empty(MethodType.methodType(void.class, MemorySegment.class));
            FunctionDescriptor message = FunctionDescriptor.ofVoid(ADDRESS);
            // Global: libjack keeps these for the life of the process.
            setError.invokeExact(NativeLibrary.linker().upcallStub(record, message, Arena.global()));
            setInfo.invokeExact(NativeLibrary.linker().upcallStub(ignore, message, Arena.global()));
        } catch (Throwable t) {
            throw new NativeUnavailableException("libjack's message hooks cannot be set: " + t);
        }
    }

    /** Keeps libjack's message; runs on whichever thread libjack reports from, so it must not throw. */
    private void record(MemorySegment text) {
        try {
            lastError = text.reinterpret(1024).getString(0);
        } catch (RuntimeException ignored) {
            lastError = "(unreadable message)";
        }
    }

    /**
     * {@return libjack, opened once per process}
     *
     * @throws NativeUnavailableException when it is not installed or native access is off
     */
    public static Jack load() throws NativeUnavailableException {
        return LIBRARY.get();
    }

    /** Runs on JACK's real-time thread once a period: must not block, allocate, or throw. */
    @FunctionalInterface
    public interface Process {
        /**
         * One period.
         *
         * @param frames frames in this period
         * @return 0, or non-zero to have JACK drop the client
         */
        int process(int frames);
    }

    /**
     * Opens a client on a running server (never starts one).
     *
     * @param name   the client's name
     * @param server the server's name ({@code default} unless {@code jackd -n} gave another)
     * @return the client; close it
     * @throws IOException when no such server runs, or it refuses the client
     */
    public Client open(String name, String server) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment client = (MemorySegment) clientOpen.invokeExact(arena.allocateFrom(name),
                    JACK_NO_START_SERVER | JACK_SERVER_NAME, status, arena.allocateFrom(server));
            int s = status.get(JAVA_INT, 0);
            if (client.equals(MemorySegment.NULL)) {
                if ((s & JACK_SERVER_FAILED) != 0) {
                    throw new IOException("no JACK server '" + server + "' is running (start one, e.g. jackd -n "
                            + server + " -d dummy -r 16000)");
                }
                throw new IOException("the JACK server '" + server + "' refused client '" + name + "' (status 0x"
                        + Integer.toHexString(s) + ((s & JACK_NAME_NOT_UNIQUE) != 0 ? ": name taken" : "")
                        + (lastError.isEmpty() ? "" : "; " + lastError) + ")");
            }
            return new Client(client, server);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("jack_client_open failed", t);
        }
    }

    /** An open client; its callbacks live in its arena, freed only after JACK has let go of them. */
    public final class Client implements AutoCloseable {
        private final MemorySegment client;
        private final String server;
        private final Arena callbacks = Arena.ofShared();
        /** The process callback as JACK calls it: through its upcall stub. */
        private MethodHandle rehearsal;
        private boolean active;
        private boolean closed;

        private Client(MemorySegment client, String server) {
            this.client = client;
            this.server = server;
        }

        /** {@return the server's frames per second} */
        public int sampleRate() {
            return (int) call(() -> (int) sampleRate.invokeExact(client));
        }

        /** {@return the server's frames per period} */
        public int bufferSize() {
            return (int) call(() -> (int) bufferSize.invokeExact(client));
        }

        /**
         * Checks that {@code name} is an audio output port another client may be connected from.
         *
         * @param name a full port name, {@code client:port}
         * @throws IOException naming what is wrong with it
         */
        public void requireSource(String name) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment port = (MemorySegment) call(() -> (MemorySegment) portByName.invokeExact(client,
                        arena.allocateFrom(name)));
                if (port.equals(MemorySegment.NULL)) {
                    throw new IOException("the JACK server '" + server + "' has no port '" + name
                            + "' (jack_lsp lists them)");
                }
                int flags = (int) call(() -> (int) portFlags.invokeExact(port));
                String type = cString((MemorySegment) call(() -> (MemorySegment) portType.invokeExact(port)));
                if ((flags & JACK_PORT_IS_OUTPUT) == 0 || !type.equals(AUDIO_TYPE)) {
                    throw new IOException("JACK port '" + name + "' is not an audio output (" + type
                            + ((flags & JACK_PORT_IS_OUTPUT) == 0 ? ", an input" : "") + ")");
                }
            }
        }

        /**
         * Registers an audio input port.
         *
         * @param name the port's short name
         * @return the port
         * @throws IOException when JACK refuses it
         */
        public MemorySegment registerInput(String name) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment port = (MemorySegment) call(() -> (MemorySegment) portRegister.invokeExact(client,
                        arena.allocateFrom(name), arena.allocateFrom(AUDIO_TYPE), JACK_PORT_IS_INPUT, 0L));
                if (port.equals(MemorySegment.NULL)) {
                    throw new IOException("JACK refused to register port '" + name + "': " + lastError);
                }
                return port;
            }
        }

        /**
         * {@return the full name ({@code client:port}) JACK gave {@code port}; the client part
         * differs from the name asked for when another client had it}
         *
         * @param port a port of this client
         */
        public String portName(MemorySegment port) {
            return cString((MemorySegment) call(() -> (MemorySegment) portName.invokeExact(port)));
        }

        /**
         * Where the samples of {@code port} lie in this period; call only from the process callback.
         * Read them with {@link #copyPeriod}.
         *
         * @param port   a port of this client
         * @param frames the period's frames
         * @return the buffer's address, 0 if JACK gave none
         */
        public long portBuffer(MemorySegment port, int frames) {
            try {
                return (long) portGetBuffer.invokeExact(port, frames);
            } catch (Throwable t) {
                return 0;
            }
        }

        /**
         * Installs the process callback, an xrun counter and a shutdown notice. The stubs catch
         * nothing themselves: an exception escaping an upcall ends the JVM, so the callbacks given
         * must not throw.
         *
         * @param process  runs each period
         * @param xrun     runs when JACK reports an xrun
         * @param shutdown runs if the server goes away
         * @throws IOException when JACK refuses them
         */
        public void callbacks(Process process, Runnable xrun, Runnable shutdown) throws IOException {
            Linker linker = NativeLibrary.linker();
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                // The period callback's void* argument is taken as a long (the same register on
                // the LP64 ABIs JACK runs on): as an ADDRESS the stub would make a MemorySegment
                // for it on every period, which only C2's escape analysis removes. Whenever the
                // callback runs deoptimised, that is 40 bytes a period on JACK's thread.
                MethodHandle onPeriod = MethodHandles.dropArguments(lookup.findVirtual(Process.class, "process",
                        MethodType.methodType(int.class, int.class)).bindTo(process), 1, long.class);
                MethodHandle run = lookup.findVirtual(Runnable.class, "run", MethodType.methodType(void.class));
                MethodHandle onXrun = MethodHandles.dropArguments(MethodHandles.filterReturnValue(run.bindTo(xrun),
                        MethodHandles.constant(int.class, 0)), 0, MemorySegment.class);
                MethodHandle onEnd = MethodHandles.dropArguments(run.bindTo(shutdown), 0, MemorySegment.class);
                MemorySegment periodStub = linker.upcallStub(onPeriod, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG),
                        callbacks);
                MemorySegment xrunStub = linker.upcallStub(onXrun, FunctionDescriptor.of(JAVA_INT, ADDRESS), callbacks);
                MemorySegment endStub = linker.upcallStub(onEnd, FunctionDescriptor.ofVoid(ADDRESS), callbacks);
                if ((int) setProcess.invokeExact(client, periodStub, MemorySegment.NULL) != 0
                        || (int) setXrun.invokeExact(client, xrunStub, MemorySegment.NULL) != 0) {
                    throw new IOException("JACK refused the callbacks: " + lastError);
                }
                onShutdown.invokeExact(client, endStub, MemorySegment.NULL);
                rehearsal = linker.downcallHandle(periodStub, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("installing JACK callbacks failed", t);
            }
        }

        /**
         * Calls the process callback from this thread, through the same upcall stub JACK uses, so
         * that its whole path (stub, method handles, callback, port-buffer downcall) is linked and
         * compiled before the server's deadline applies: the first hundred-odd calls of a method
         * handle chain spin classes, which on JACK's thread is an xrun. Only before activation;
         * an inactive client's input port buffers are its own silent ones.
         *
         * @param periods calls to make
         * @param frames  frames to say each period has, at most {@link #bufferSize()}
         */
        public void rehearse(int periods, int frames) {
            if (active || rehearsal == null || frames > bufferSize()) {
                throw new IllegalStateException("rehearse only an inactive client with callbacks, periods of at most "
                        + bufferSize() + " frames");
            }
            for (int i = 0; i < periods; i++) {
                int ignored = (int) call(() -> (int) rehearsal.invokeExact(frames, 0L));
            }
        }

        /**
         * Starts the callbacks.
         *
         * @throws IOException when JACK refuses
         */
        public void activate() throws IOException {
            if ((int) call(() -> (int) activate.invokeExact(client)) != 0) {
                throw new IOException("JACK refused to activate the client: " + lastError);
            }
            active = true;
        }

        /**
         * Connects two ports (by full name).
         *
         * @param source      an output port
         * @param destination an input port
         * @throws IOException when JACK refuses
         */
        public void connect(String source, String destination) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                int r = (int) call(() -> (int) connect.invokeExact(client, arena.allocateFrom(source),
                        arena.allocateFrom(destination)));
                if (r != 0) {
                    throw new IOException("JACK cannot connect '" + source + "' to '" + destination + "': "
                            + (lastError.isEmpty() ? "error " + r : lastError));
                }
            }
        }

        /** Stops the callbacks; when this returns JACK calls none again. */
        public void deactivate() {
            if (active) {
                active = false;
                int ignored = (int) call(() -> (int) deactivate.invokeExact(client));
            }
        }

        /** Deactivates, closes the client, then frees the callback stubs. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                deactivate();
                int ignored = (int) call(() -> (int) clientClose.invokeExact(client));
            } finally {
                callbacks.close();
            }
        }
    }

    /**
     * Fills a claim from a port buffer with no object made for it: the source is read through
     * one segment over all memory, made once, and {@link WriteClaim#copyFrom} makes no view.
     *
     * @param address a port buffer's address from {@link Client#portBuffer}, in the same period,
     *                holding at least {@code claim.samples()} floats
     * @param claim   where the samples go
     */
    public static void copyPeriod(long address, WriteClaim claim) {
        claim.copyFrom(ALL_MEMORY, address);
    }

    @FunctionalInterface
    private interface Call {
        Object call() throws Throwable;
    }

    private static Object call(Call c) {
        try {
            return c.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libjack call failed", t);
        }
    }

    private static String cString(MemorySegment s) {
        return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(1024).getString(0);
    }
}

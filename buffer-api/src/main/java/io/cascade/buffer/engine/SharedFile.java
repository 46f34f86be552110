package io.cascade.buffer.engine;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.SharedFileStatus;
import io.cascade.buffer.SharedRole;
import io.cascade.buffer.spi.AudioBufferProvider;
import io.cascade.buffer.spi.SampleStorage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cascade.buffer.engine.SharedFileDescriptor.*;

/**
 * The storage of a buffer that lives in a file other processes map too (see
 * {@link SharedFileDescriptor}): the header and control block mapped from the file, the
 * samples mapped by the backend, and the role this process holds. Closing it gives the role
 * back and unmaps; the file stays, for the other process and for a restart.
 *
 * <p>Header fields are checked before anything is mapped beyond the header, so a file of the
 * wrong magic, version, size or config is refused with a message that names the field, and
 * no access ever runs past the end of the file.
 */
public final class SharedFile implements SampleStorage {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final long PID = ProcessHandle.current().pid();

    private final Path file;
    private final SharedRole role;
    private final Arena headerArena;
    private final MemorySegment header;
    private final SampleStorage samples;
    private final AudioConfig config;
    private final int capacity;
    private final OverflowPolicy policy;

    private SharedFile(Path file, SharedRole role, Arena headerArena, MemorySegment header, SampleStorage samples) {
        this.file = file;
        this.role = role;
        this.headerArena = headerArena;
        this.header = header;
        this.samples = samples;
        this.config = new AudioConfig((int) field(SAMPLE_RATE), (int) field(CHANNELS));
        this.capacity = (int) field(CAPACITY);
        this.policy = policyOf(field(POLICY));
    }

    /**
     * Creates {@code file} (it must not exist) for a new buffer and takes {@code role} in it.
     *
     * @param file      a path that does not exist
     * @param config    the stream's config
     * @param capacity  most unread samples
     * @param policy    the overflow policy, for every process on the file
     * @param producers the writer process's producer mode, recorded in the header
     * @param role      the role this process takes
     * @param provider  the backend that maps the samples
     * @return the storage, with a fresh control block
     * @throws IllegalStateException if the file exists or cannot be made
     */
    public static SharedFile create(Path file, AudioConfig config, int capacity, OverflowPolicy policy,
                                    ProducerMode producers, SharedRole role, AudioBufferProvider provider) {
        long slots = slotsFor(capacity);
        if (slots > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity=" + capacity + " rounds up to " + slots
                    + " slots, more than an int");
        }
        long fileBytes = GRANULE + slots * Float.BYTES;
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("shared file " + file + " exists: attach to it with "
                    + "AudioRingBuffer.attach, or delete it first", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create shared file " + file + ": " + e, e);
        }
        // From here on the file is ours alone (it has no magic yet): a failure deletes it.
        Arena arena = Arena.ofShared();
        boolean done = false;
        try (channel) {
            channel.write(ByteBuffer.wrap(new byte[1]), fileBytes - 1);
            MemorySegment header = channel.map(FileChannel.MapMode.READ_WRITE, 0, GRANULE, arena);
            header.set(ValueLayout.JAVA_LONG, VERSION, VERSION_VALUE);
            header.set(ValueLayout.JAVA_LONG, HEADER_BYTES, GRANULE);
            header.set(ValueLayout.JAVA_LONG, FILE_BYTES, fileBytes);
            header.set(ValueLayout.JAVA_LONG, SAMPLE_RATE, config.sampleRate());
            header.set(ValueLayout.JAVA_LONG, CHANNELS, config.channels());
            header.set(ValueLayout.JAVA_LONG, CAPACITY, capacity);
            header.set(ValueLayout.JAVA_LONG, SLOTS, slots);
            header.set(ValueLayout.JAVA_LONG, POLICY, codeOf(policy));
            header.set(ValueLayout.JAVA_LONG, PRODUCER_MODE, producers == ProducerMode.SINGLE ? 0 : 1);
            header.set(ValueLayout.JAVA_LONG, CONTROL_OFFSET, CONTROL_BLOCK);
            new ControlBlock(controlOf(header)).initialise();
            LONG.setRelease(header, MAGIC, MAGIC_VALUE);
            SharedFile shared = open(file, role, arena, header, (int) slots, provider);
            done = true;
            return shared;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create shared file " + file + ": " + e, e);
        } finally {
            if (!done) {
                arena.close();
                deleteQuietly(file);
            }
        }
    }

    /**
     * Opens an existing file and takes {@code role} in it, after checking its header.
     *
     * @param file     the shared file
     * @param role     the role this process takes
     * @param provider the backend that maps the samples
     * @param expected the config the caller expects, or {@code null} to take the file's
     * @return the storage over the file
     * @throws IllegalArgumentException if the file is not a shared buffer of this layout, or of another config
     * @throws IllegalStateException    if a running process holds the role, or the file cannot be read
     */
    public static SharedFile attach(Path file, SharedRole role, AudioConfig expected, AudioBufferProvider provider) {
        Arena arena = Arena.ofShared();
        boolean done = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < GRANULE) {
                throw refused(file, "it is " + size + " bytes, shorter than the " + GRANULE + "-byte header");
            }
            MemorySegment header = channel.map(FileChannel.MapMode.READ_WRITE, 0, GRANULE, arena);
            int slots = checkHeader(file, header, size, expected);
            SharedFile shared = open(file, role, arena, header, slots, provider);
            done = true;
            return shared;
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no shared file " + file + ": create it with "
                    + "AudioRingBuffer.builder(config).sharedFile(path, role)", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open shared file " + file + ": " + e, e);
        } finally {
            if (!done) {
                arena.close();
            }
        }
    }

    private static SharedFile open(Path file, SharedRole role, Arena arena, MemorySegment header, int slots,
                                   AudioBufferProvider provider) {
        takeRole(file, header, role);
        try {
            SampleStorage samples = provider.mapFile(file, GRANULE, slots);
            return new SharedFile(file, role, arena, header, samples);
        } catch (RuntimeException | Error e) {
            LONG.compareAndSet(header, roleField(role), PID, 0L);
            throw e;
        }
    }

    /** Checks every field a reader or writer relies on; returns the slots. */
    private static int checkHeader(Path file, MemorySegment header, long size, AudioConfig expected) {
        long magic = (long) LONG.getAcquire(header, MAGIC);
        if (magic != MAGIC_VALUE) {
            throw refused(file, "magic is 0x" + Long.toHexString(magic) + ", not 0x" + Long.toHexString(MAGIC_VALUE)
                    + " (\"CASCRING\"): not a shared ring, or its creator has not finished");
        }
        long version = header.get(ValueLayout.JAVA_LONG, VERSION);
        if (version != VERSION_VALUE) {
            throw refused(file, "layout version is " + version + "; this library reads version " + VERSION_VALUE);
        }
        long headerBytes = header.get(ValueLayout.JAVA_LONG, HEADER_BYTES);
        long slots = header.get(ValueLayout.JAVA_LONG, SLOTS);
        long capacity = header.get(ValueLayout.JAVA_LONG, CAPACITY);
        long fileBytes = header.get(ValueLayout.JAVA_LONG, FILE_BYTES);
        long rate = header.get(ValueLayout.JAVA_LONG, SAMPLE_RATE);
        long channels = header.get(ValueLayout.JAVA_LONG, CHANNELS);
        if (headerBytes != GRANULE || header.get(ValueLayout.JAVA_LONG, CONTROL_OFFSET) != CONTROL_BLOCK) {
            throw refused(file, "header is " + headerBytes + " bytes with the control block at "
                    + header.get(ValueLayout.JAVA_LONG, CONTROL_OFFSET) + "; expected " + GRANULE + " and "
                    + CONTROL_BLOCK);
        }
        if (slots <= 0 || slots > Integer.MAX_VALUE || slots * Float.BYTES % GRANULE != 0
                || capacity <= 0 || capacity > slots) {
            throw refused(file, "capacity=" + capacity + ", slots=" + slots + ": slots must be whole "
                    + GRANULE + "-byte granules and at least the capacity");
        }
        if (fileBytes != GRANULE + slots * Float.BYTES || size != fileBytes) {
            throw refused(file, "it is " + size + " bytes; its header says " + fileBytes + " and slots=" + slots
                    + " need " + (GRANULE + slots * Float.BYTES));
        }
        if (rate <= 0 || rate > Integer.MAX_VALUE || channels <= 0 || channels > Integer.MAX_VALUE
                || capacity % channels != 0) {
            throw refused(file, "sampleRate=" + rate + ", channels=" + channels + ", capacity=" + capacity
                    + " is not a valid audio config");
        }
        policyOf(header.get(ValueLayout.JAVA_LONG, POLICY));
        if (expected != null && (expected.sampleRate() != rate || expected.channels() != channels)) {
            throw new IllegalArgumentException("shared file " + file + " holds " + rate + " Hz x " + channels
                    + " channels; expected " + expected.sampleRate() + " Hz x " + expected.channels());
        }
        ControlBlock control = new ControlBlock(controlOf(header));
        if (control.get(ControlBlockDescriptor.MAGIC) != ControlBlockDescriptor.MAGIC_VALUE
                || control.get(ControlBlockDescriptor.VERSION) != ControlBlockDescriptor.VERSION_VALUE) {
            throw refused(file, "its control block has magic 0x" + Long.toHexString(control.get(ControlBlockDescriptor.MAGIC))
                    + ", version " + control.get(ControlBlockDescriptor.VERSION));
        }
        return (int) slots;
    }

    /** Takes the role by compare-and-set from nobody, or from a process that is no longer running. */
    private static void takeRole(Path file, MemorySegment header, SharedRole role) {
        long field = roleField(role);
        long holder = 0;
        for (;;) {
            long seen = (long) LONG.compareAndExchange(header, field, holder, PID);
            if (seen == holder) {
                break;
            }
            if (seen == PID) {
                throw new IllegalStateException("this process already is the " + role.name().toLowerCase()
                        + " of shared file " + file);
            }
            if (running(seen)) {
                throw new IllegalStateException("shared file " + file + " has a " + role.name().toLowerCase()
                        + " already: process " + seen + " is running");
            }
            // The holder died without giving the role back: take it over from that pid.
            holder = seen;
        }
        // A side that died between its position and its counters left them apart; the position is
        // the truth, and the new holder owns the counters.
        ControlBlock control = new ControlBlock(controlOf(header));
        if (role == SharedRole.WRITER) {
            header.set(ValueLayout.JAVA_LONG, WRITER_ATTACHES, header.get(ValueLayout.JAVA_LONG, WRITER_ATTACHES) + 1);
            control.set(ControlBlockDescriptor.SAMPLES_WRITTEN, control.acquire(ControlBlockDescriptor.TAIL));
            beat(header);
        } else {
            long head = control.acquire(ControlBlockDescriptor.HEAD);
            long accounted = control.get(ControlBlockDescriptor.SAMPLES_READ) + control.get(ControlBlockDescriptor.DROPPED)
                    + control.get(ControlBlockDescriptor.SKIPPED);
            control.add(ControlBlockDescriptor.SKIPPED, head - accounted);
        }
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long roleField(SharedRole role) {
        return role == SharedRole.WRITER ? WRITER_PID : READER_PID;
    }

    private static MemorySegment controlOf(MemorySegment header) {
        return header.asSlice(CONTROL_BLOCK, ControlBlockDescriptor.SIZE);
    }

    private static IllegalArgumentException refused(Path file, String why) {
        return new IllegalArgumentException("shared file " + file + " is refused: " + why);
    }

    private static long codeOf(OverflowPolicy policy) {
        return switch (policy) {
            case BLOCK -> POLICY_BLOCK;
            case REJECT -> POLICY_REJECT;
            case OVERWRITE -> POLICY_OVERWRITE;
        };
    }

    private static OverflowPolicy policyOf(long code) {
        if (code == POLICY_BLOCK) {
            return OverflowPolicy.BLOCK;
        } else if (code == POLICY_REJECT) {
            return OverflowPolicy.REJECT;
        } else if (code == POLICY_OVERWRITE) {
            return OverflowPolicy.OVERWRITE;
        }
        throw new IllegalArgumentException("unknown overflow policy code " + code + " in a shared file header");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The create failed already; its exception says why. A leftover file has no magic and is refused.
        }
    }

    private static void beat(MemorySegment header) {
        LONG.setOpaque(header, HEARTBEAT, System.nanoTime());
    }

    private long field(long offset) {
        return header.get(ValueLayout.JAVA_LONG, offset);
    }

    /** Writer: records that it is alive; every publication calls it. */
    public void beat() {
        beat(header);
    }

    /** {@return the control block in the file} */
    public MemorySegment controlBlock() {
        return controlOf(header);
    }

    /** {@return the shared file} */
    public Path file() {
        return file;
    }

    /** {@return the role this process holds} */
    public SharedRole role() {
        return role;
    }

    /** {@return the audio config the file holds} */
    public AudioConfig config() {
        return config;
    }

    /** {@return the capacity the file holds} */
    public int capacity() {
        return capacity;
    }

    /** {@return the overflow policy the file holds} */
    public OverflowPolicy policy() {
        return policy;
    }

    /** {@return the header's view of the processes on the file, read now} */
    public SharedFileStatus status() {
        long writer = (long) LONG.getOpaque(header, WRITER_PID);
        long heartbeat = (long) LONG.getOpaque(header, HEARTBEAT);
        return new SharedFileStatus(file, role, writer, writer != 0 && running(writer),
                Duration.ofNanos(Math.max(0, System.nanoTime() - heartbeat)),
                (long) LONG.getOpaque(header, WRITER_ATTACHES), (long) LONG.getOpaque(header, READER_PID));
    }

    @Override
    public MemorySegment samples() {
        return samples.samples();
    }

    @Override
    public int slots() {
        return samples.slots();
    }

    @Override
    public boolean mirrored() {
        return samples.mirrored();
    }

    @Override
    public long alignment() {
        return samples.alignment();
    }

    @Override
    public long allocatedBytes() {
        return GRANULE + samples.allocatedBytes();
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return samples.allocate(byteSize, byteAlignment);
    }

    @Override
    public String description() {
        return "shared file " + file + " (" + role.name().toLowerCase() + ", pid " + PID + "): "
                + samples.description();
    }

    @Override
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>(samples.warnings());
        SharedFileStatus s = status();
        if (s.writerPid() == 0) {
            warnings.add("No writer is attached to shared file " + file);
        } else if (!s.writerRunning()) {
            warnings.add("The writer of shared file " + file + " (pid " + s.writerPid() + ") is not running; its "
                    + "last heartbeat was " + s.sinceHeartbeat().toMillis() + " ms ago");
        }
        return warnings;
    }

    @Override
    public List<String> check() {
        return samples.check();
    }

    @Override
    public boolean isAlive() {
        return samples.isAlive();
    }

    /** Gives the role back, then unmaps the header and the samples. Idempotent. */
    @Override
    public void close() {
        if (!headerArena.scope().isAlive()) {
            return;
        }
        LONG.compareAndSet(header, roleField(role), PID, 0L);
        samples.close();
        headerArena.close();
    }
}

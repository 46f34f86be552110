/*
 * cascade_ring.h: a native producer or consumer of a Cascade Buffer shared-file ring.
 *
 * One header, C11 atomics, no dependencies beyond libc (Linux). The layout is that of the Java
 * classes io.cascade.buffer.engine.SharedFileDescriptor (the file) and ControlBlockDescriptor
 * (positions and counters); a test compiles this header and checks every offset against them.
 *
 *   cascade_ring r;
 *   if (cascade_ring_open(&r, "/dev/shm/mic", CASCADE_WRITER) != 0) { perror("open"); return 1; }
 *   float *dst;
 *   if (cascade_ring_claim(&r, 160, &dst) == 0) {       // room for 160 samples, mirrored: one piece
 *       capture(dst, 160);
 *       cascade_ring_commit(&r, 160);                    // one release store publishes them
 *   }
 *   cascade_ring_close(&r);
 *
 * Protocol (the Java engine's, across processes):
 * - Positions are monotonic sample counts; index = position % slots. The writer owns TAIL and
 *   FLOOR, the reader owns HEAD. A writer publishes samples with a release store of TAIL after
 *   copying them, so a producer that dies mid-write publishes nothing of that block.
 * - Room: a block of n fits when TAIL + n - max(HEAD, FLOOR) <= CAPACITY. Otherwise BLOCK and
 *   REJECT refuse (CASCADE_EFULL: the caller waits or drops), OVERWRITE raises FLOOR to
 *   TAIL + n - CAPACITY and fences before it touches the samples, so a reader that saw an
 *   overwritten sample sees the raised floor (a sequence lock, checked by cascade_ring_valid).
 * - Roles: WRITER_PID and READER_PID are taken by compare-and-set from 0 or from a process
 *   that no longer runs (a restart), and given back at close.
 * - The writer stores CLOCK_MONOTONIC(_COARSE) nanoseconds in HEARTBEAT at every commit and at
 *   cascade_ring_heartbeat(); readers in any process compare it with their own clock.
 *
 * Builds with gcc's or clang's default dialect, or strict C11 with POSIX named:
 * cc -std=c11 -D_DEFAULT_SOURCE.
 *
 * Every function returns 0 or a negative errno, or CASCADE_EFULL / CASCADE_EMPTY /
 * CASCADE_LAPPED (positive) for the ring's own outcomes. Not thread-safe: one thread per side.
 */
#ifndef CASCADE_RING_H
#define CASCADE_RING_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* File layout (SharedFileDescriptor). */
#define CASCADE_GRANULE          65536
#define CASCADE_MAGIC            0      /* "CASCRING", written last by the creator */
#define CASCADE_VERSION          8
#define CASCADE_HEADER_BYTES     16
#define CASCADE_FILE_BYTES       24
#define CASCADE_SAMPLE_RATE      32
#define CASCADE_CHANNELS         40
#define CASCADE_CAPACITY         48
#define CASCADE_SLOTS            56
#define CASCADE_POLICY           64
#define CASCADE_PRODUCER_MODE    72
#define CASCADE_CONTROL_OFFSET   80
#define CASCADE_WRITER_PID       128
#define CASCADE_READER_PID       136
#define CASCADE_WRITER_ATTACHES  144
#define CASCADE_HEARTBEAT        256
#define CASCADE_CONTROL_BLOCK    1024
#define CASCADE_MAGIC_VALUE      0x474E495243534143LL
#define CASCADE_VERSION_VALUE    1

/* Control block layout (ControlBlockDescriptor), relative to CASCADE_CONTROL_BLOCK. */
#define CASCADE_CB_MAGIC            0
#define CASCADE_CB_VERSION          8
#define CASCADE_CB_SIZE             896
#define CASCADE_CB_MAGIC_VALUE      0x4341534341444531LL  /* "CASCADE1" */
#define CASCADE_CB_VERSION_VALUE    3
#define CASCADE_CB_TAIL             128
#define CASCADE_CB_FLOOR            136
#define CASCADE_CB_WRITE_OPS        144
#define CASCADE_CB_SAMPLES_WRITTEN  152
#define CASCADE_CB_OVERFLOWS        176
#define CASCADE_CB_PEAK_FILL        192
#define CASCADE_CB_HEAD             256
#define CASCADE_CB_READ_OPS         264
#define CASCADE_CB_SAMPLES_READ     272
#define CASCADE_CB_DROPPED          320
#define CASCADE_CB_LAPS             368
#define CASCADE_CB_SKIPPED          376

enum cascade_role { CASCADE_WRITER = 0, CASCADE_READER = 1 };
enum cascade_policy { CASCADE_BLOCK = 0, CASCADE_REJECT = 1, CASCADE_OVERWRITE = 2 };
enum cascade_outcome { CASCADE_EFULL = 1, CASCADE_EMPTY = 2, CASCADE_LAPPED = 3 };

typedef struct cascade_ring {
    uint8_t *header;        /* CASCADE_GRANULE bytes, shared */
    float *samples;         /* slots floats mapped twice, back to back: no window is split */
    int64_t slots, capacity, sample_rate, channels, policy;
    int role;
    int64_t pid;
    int64_t cached_head;    /* writer: last reader position read, never ahead of the real one */
    int64_t claimed;        /* writer: samples of the open claim, 0 for none */
} cascade_ring;

static inline _Atomic int64_t *cascade_field(const cascade_ring *r, size_t offset) {
    return (_Atomic int64_t *) (void *) (r->header + offset);
}

static inline _Atomic int64_t *cascade_cb(const cascade_ring *r, size_t offset) {
    return cascade_field(r, CASCADE_CONTROL_BLOCK + offset);
}

/*
 * The heartbeat's clock: CLOCK_MONOTONIC_COARSE, the same clock as CLOCK_MONOTONIC (which Java's
 * System.nanoTime reads) at the kernel tick's resolution, read in a few nanoseconds instead of
 * some twenty: a heartbeat needs milliseconds, and a commit should not pay for nanoseconds.
 */
static inline int64_t cascade_now_nanos(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
    return (int64_t) t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* One side's counter: only its owner stores it, so a relaxed load and store suffice. */
static inline void cascade_add(const cascade_ring *r, size_t offset, int64_t delta) {
    _Atomic int64_t *f = cascade_cb(r, offset);
    atomic_store_explicit(f, atomic_load_explicit(f, memory_order_relaxed) + delta, memory_order_relaxed);
}

static inline int cascade_running(int64_t pid) {
    return kill((pid_t) pid, 0) == 0 || errno == EPERM;
}

static inline int cascade_take_role(cascade_ring *r) {
    _Atomic int64_t *field = cascade_field(r, r->role == CASCADE_WRITER ? CASCADE_WRITER_PID : CASCADE_READER_PID);
    int64_t holder = 0;
    while (!atomic_compare_exchange_strong(field, &holder, r->pid)) {
        if (holder == r->pid || cascade_running(holder)) {
            return -EBUSY;              /* a running process holds the role */
        }
        /* holder died without giving the role back: the next round takes it from that pid */
    }
    if (r->role == CASCADE_READER) {
        /* A reader that died between its position and its counters: count the gap as skipped. */
        int64_t head = atomic_load_explicit(cascade_cb(r, CASCADE_CB_HEAD), memory_order_acquire);
        int64_t accounted = atomic_load_explicit(cascade_cb(r, CASCADE_CB_SAMPLES_READ), memory_order_relaxed)
                            + atomic_load_explicit(cascade_cb(r, CASCADE_CB_DROPPED), memory_order_relaxed)
                            + atomic_load_explicit(cascade_cb(r, CASCADE_CB_SKIPPED), memory_order_relaxed);
        cascade_add(r, CASCADE_CB_SKIPPED, head - accounted);
    }
    if (r->role == CASCADE_WRITER) {
        _Atomic int64_t *attaches = cascade_field(r, CASCADE_WRITER_ATTACHES);
        atomic_store_explicit(attaches, atomic_load_explicit(attaches, memory_order_relaxed) + 1, memory_order_relaxed);
        /* A writer that died between its counters and its tail left them apart: the tail is the truth. */
        int64_t tail = atomic_load_explicit(cascade_cb(r, CASCADE_CB_TAIL), memory_order_acquire);
        atomic_store_explicit(cascade_cb(r, CASCADE_CB_SAMPLES_WRITTEN), tail, memory_order_relaxed);
        atomic_store_explicit(cascade_field(r, CASCADE_HEARTBEAT), cascade_now_nanos(), memory_order_relaxed);
    }
    return 0;
}

/* Maps the header and the mirrored samples of an open descriptor whose header is checked. */
static inline int cascade_map(cascade_ring *r, int fd) {
    size_t bytes = (size_t) r->slots * sizeof(float);
    uint8_t *base = mmap(NULL, 2 * bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        return -errno;
    }
    if (mmap(base, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, CASCADE_GRANULE) == MAP_FAILED
        || mmap(base + bytes, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, CASCADE_GRANULE) == MAP_FAILED) {
        int e = errno;
        munmap(base, 2 * bytes);
        return -e;
    }
    r->samples = (float *) (void *) base;
    return 0;
}

static inline void cascade_unmap(cascade_ring *r) {
    if (r->samples != NULL) {
        munmap(r->samples, 2 * (size_t) r->slots * sizeof(float));
        r->samples = NULL;
    }
    if (r->header != NULL) {
        munmap(r->header, CASCADE_GRANULE);
        r->header = NULL;
    }
}

static inline int cascade_attach(cascade_ring *r, int fd, int role) {
    int e = cascade_map(r, fd);
    if (e == 0) {
        r->role = role;
        r->pid = (int64_t) getpid();
        r->cached_head = 0;
        r->claimed = 0;
        e = cascade_take_role(r);
    }
    if (e != 0) {
        cascade_unmap(r);
    }
    close(fd);
    return e;
}

static inline void cascade_read_config(cascade_ring *r) {
    r->sample_rate = atomic_load_explicit(cascade_field(r, CASCADE_SAMPLE_RATE), memory_order_relaxed);
    r->channels = atomic_load_explicit(cascade_field(r, CASCADE_CHANNELS), memory_order_relaxed);
    r->capacity = atomic_load_explicit(cascade_field(r, CASCADE_CAPACITY), memory_order_relaxed);
    r->slots = atomic_load_explicit(cascade_field(r, CASCADE_SLOTS), memory_order_relaxed);
    r->policy = atomic_load_explicit(cascade_field(r, CASCADE_POLICY), memory_order_relaxed);
}

/*
 * Creates a new ring file (it must not exist) and takes `role` in it. The capacity is in
 * samples (sample_rate * channels * seconds); storage rounds up to whole 64 KiB granules.
 */
static inline int cascade_ring_create(cascade_ring *r, const char *path, int64_t sample_rate, int64_t channels,
                                      int64_t capacity, int policy, int role) {
    memset(r, 0, sizeof *r);
    if (sample_rate <= 0 || channels <= 0 || capacity <= 0 || capacity % channels != 0
        || policy < CASCADE_BLOCK || policy > CASCADE_OVERWRITE) {
        return -EINVAL;
    }
    int64_t granule_samples = CASCADE_GRANULE / (int64_t) sizeof(float);
    int64_t slots = (capacity + granule_samples - 1) / granule_samples * granule_samples;
    int64_t file_bytes = CASCADE_GRANULE + slots * (int64_t) sizeof(float);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return -errno;
    }
    if (ftruncate(fd, file_bytes) != 0) {
        int e = errno;
        close(fd);
        unlink(path);
        return -e;
    }
    r->header = mmap(NULL, CASCADE_GRANULE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (r->header == MAP_FAILED) {
        int e = errno;
        r->header = NULL;
        close(fd);
        unlink(path);
        return -e;
    }
    int64_t fields[][2] = {
        {CASCADE_VERSION, CASCADE_VERSION_VALUE}, {CASCADE_HEADER_BYTES, CASCADE_GRANULE},
        {CASCADE_FILE_BYTES, file_bytes}, {CASCADE_SAMPLE_RATE, sample_rate}, {CASCADE_CHANNELS, channels},
        {CASCADE_CAPACITY, capacity}, {CASCADE_SLOTS, slots}, {CASCADE_POLICY, policy},
        {CASCADE_PRODUCER_MODE, 0}, {CASCADE_CONTROL_OFFSET, CASCADE_CONTROL_BLOCK},
        {CASCADE_CONTROL_BLOCK + CASCADE_CB_VERSION, CASCADE_CB_VERSION_VALUE},
        {CASCADE_CONTROL_BLOCK + CASCADE_CB_MAGIC, CASCADE_CB_MAGIC_VALUE},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        atomic_store_explicit(cascade_field(r, (size_t) fields[i][0]), fields[i][1], memory_order_relaxed);
    }
    atomic_store_explicit(cascade_field(r, CASCADE_MAGIC), CASCADE_MAGIC_VALUE, memory_order_release);
    cascade_read_config(r);
    int e = cascade_attach(r, fd, role);
    if (e != 0) {
        unlink(path);
    }
    return e;
}

/*
 * Opens an existing ring file and takes `role` in it. Refuses (-EPROTO) a file whose magic,
 * version, sizes or config are not a valid ring of this layout, before mapping its samples.
 */
static inline int cascade_ring_open(cascade_ring *r, const char *path, int role) {
    memset(r, 0, sizeof *r);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < CASCADE_GRANULE) {
        close(fd);
        return -EPROTO;
    }
    r->header = mmap(NULL, CASCADE_GRANULE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (r->header == MAP_FAILED) {
        int e = errno;
        r->header = NULL;
        close(fd);
        return -e;
    }
    cascade_read_config(r);
    int64_t granule_samples = CASCADE_GRANULE / (int64_t) sizeof(float);
    int ok = atomic_load_explicit(cascade_field(r, CASCADE_MAGIC), memory_order_acquire) == CASCADE_MAGIC_VALUE
             && atomic_load_explicit(cascade_field(r, CASCADE_VERSION), memory_order_relaxed) == CASCADE_VERSION_VALUE
             && atomic_load_explicit(cascade_field(r, CASCADE_HEADER_BYTES), memory_order_relaxed) == CASCADE_GRANULE
             && atomic_load_explicit(cascade_field(r, CASCADE_CONTROL_OFFSET), memory_order_relaxed) == CASCADE_CONTROL_BLOCK
             && r->slots > 0 && r->slots % granule_samples == 0 && r->capacity > 0 && r->capacity <= r->slots
             && r->sample_rate > 0 && r->channels > 0 && r->capacity % r->channels == 0
             && r->policy >= CASCADE_BLOCK && r->policy <= CASCADE_OVERWRITE
             && atomic_load_explicit(cascade_field(r, CASCADE_FILE_BYTES), memory_order_relaxed)
                    == CASCADE_GRANULE + r->slots * (int64_t) sizeof(float)
             && st.st_size == CASCADE_GRANULE + r->slots * (int64_t) sizeof(float)
             && atomic_load_explicit(cascade_cb(r, CASCADE_CB_MAGIC), memory_order_relaxed) == CASCADE_CB_MAGIC_VALUE
             && atomic_load_explicit(cascade_cb(r, CASCADE_CB_VERSION), memory_order_relaxed) == CASCADE_CB_VERSION_VALUE;
    if (!ok) {
        cascade_unmap(r);
        close(fd);
        return -EPROTO;
    }
    return cascade_attach(r, fd, role);
}

/* Gives the role back and unmaps; the file stays. */
static inline void cascade_ring_close(cascade_ring *r) {
    if (r->header != NULL) {
        int64_t me = r->pid;
        atomic_compare_exchange_strong(cascade_field(r, r->role == CASCADE_WRITER ? CASCADE_WRITER_PID : CASCADE_READER_PID),
                                       &me, 0);
    }
    cascade_unmap(r);
}

/* Writer: tells readers it is alive while it has nothing to write. */
static inline void cascade_ring_heartbeat(cascade_ring *r) {
    atomic_store_explicit(cascade_field(r, CASCADE_HEARTBEAT), cascade_now_nanos(), memory_order_relaxed);
}

/*
 * Writer: room for n samples at the write position, as one contiguous piece at *out.
 * CASCADE_EFULL under BLOCK and REJECT when it is not there (nothing changed); under
 * OVERWRITE the oldest unread samples are given up now. Fill *out, then commit.
 */
static inline int cascade_ring_claim(cascade_ring *r, int64_t n, float **out) {
    if (r->role != CASCADE_WRITER || r->claimed != 0 || n <= 0 || n > r->capacity || n % r->channels != 0) {
        return -EINVAL;
    }
    int64_t tail = atomic_load_explicit(cascade_cb(r, CASCADE_CB_TAIL), memory_order_relaxed);
    int64_t floor = atomic_load_explicit(cascade_cb(r, CASCADE_CB_FLOOR), memory_order_relaxed);
    int64_t oldest = r->cached_head > floor ? r->cached_head : floor;
    if (tail + n - oldest > r->capacity) {
        r->cached_head = atomic_load_explicit(cascade_cb(r, CASCADE_CB_HEAD), memory_order_acquire);
        oldest = r->cached_head > floor ? r->cached_head : floor;
        if (tail + n - oldest > r->capacity) {
            if (r->policy != CASCADE_OVERWRITE) {
                cascade_add(r, CASCADE_CB_OVERFLOWS, 1);
                return CASCADE_EFULL;
            }
            atomic_store_explicit(cascade_cb(r, CASCADE_CB_FLOOR), tail + n - r->capacity, memory_order_relaxed);
            atomic_thread_fence(memory_order_release);   /* the floor before any overwritten sample */
            cascade_add(r, CASCADE_CB_OVERFLOWS, 1);
        }
    }
    r->claimed = n;
    *out = r->samples + tail % r->slots;
    return 0;
}

/* Writer: publishes the first n samples of the open claim (n <= claimed; 0 aborts it). */
static inline int cascade_ring_commit(cascade_ring *r, int64_t n) {
    if (r->claimed == 0 || n < 0 || n > r->claimed || n % r->channels != 0) {
        return -EINVAL;
    }
    r->claimed = 0;
    if (n == 0) {
        return 0;
    }
    int64_t tail = atomic_load_explicit(cascade_cb(r, CASCADE_CB_TAIL), memory_order_relaxed) + n;
    cascade_add(r, CASCADE_CB_WRITE_OPS, 1);
    cascade_add(r, CASCADE_CB_SAMPLES_WRITTEN, n);
    int64_t floor = atomic_load_explicit(cascade_cb(r, CASCADE_CB_FLOOR), memory_order_relaxed);
    int64_t fill = tail - (r->cached_head > floor ? r->cached_head : floor);
    if (fill > atomic_load_explicit(cascade_cb(r, CASCADE_CB_PEAK_FILL), memory_order_relaxed)) {
        atomic_store_explicit(cascade_cb(r, CASCADE_CB_PEAK_FILL), fill, memory_order_relaxed);
    }
    atomic_store_explicit(cascade_cb(r, CASCADE_CB_TAIL), tail, memory_order_release);
    cascade_ring_heartbeat(r);
    return 0;
}

/* Writer: claim, copy and commit n samples. */
static inline int cascade_ring_write(cascade_ring *r, const float *src, int64_t n) {
    float *dst;
    int e = cascade_ring_claim(r, n, &dst);
    if (e != 0) {
        return e;
    }
    memcpy(dst, src, (size_t) n * sizeof(float));
    return cascade_ring_commit(r, n);
}

/* Reader: the position of the oldest sample it can read, after catching up with an overwrite. */
static inline int64_t cascade_catch_up(cascade_ring *r) {
    int64_t head = atomic_load_explicit(cascade_cb(r, CASCADE_CB_HEAD), memory_order_relaxed);
    int64_t floor = atomic_load_explicit(cascade_cb(r, CASCADE_CB_FLOOR), memory_order_acquire);
    if (floor > head) {
        cascade_add(r, CASCADE_CB_DROPPED, floor - head);
        cascade_add(r, CASCADE_CB_LAPS, 1);
        atomic_store_explicit(cascade_cb(r, CASCADE_CB_HEAD), floor, memory_order_release);
        return floor;
    }
    return head;
}

/* Reader: samples there to read. */
static inline int64_t cascade_ring_available(cascade_ring *r) {
    int64_t head = cascade_catch_up(r);
    return atomic_load_explicit(cascade_cb(r, CASCADE_CB_TAIL), memory_order_acquire) - head;
}

/*
 * Reader: a view of n samples at the read position (contiguous, in place), and that position.
 * CASCADE_EMPTY when fewer than n are there. Check cascade_ring_valid after using the view.
 */
static inline int cascade_ring_peek(cascade_ring *r, int64_t n, const float **out, int64_t *position) {
    if (r->role != CASCADE_READER || n <= 0 || n > r->capacity) {
        return -EINVAL;
    }
    int64_t head = cascade_catch_up(r);
    if (atomic_load_explicit(cascade_cb(r, CASCADE_CB_TAIL), memory_order_acquire) - head < n) {
        return CASCADE_EMPTY;
    }
    *out = r->samples + head % r->slots;
    *position = head;
    cascade_add(r, CASCADE_CB_READ_OPS, 1);
    return 0;
}

/* Reader: whether samples read from `position` on were not overwritten while they were read. */
static inline int cascade_ring_valid(cascade_ring *r, int64_t position) {
    atomic_thread_fence(memory_order_acquire);   /* the sample loads before the floor load */
    return atomic_load_explicit(cascade_cb(r, CASCADE_CB_FLOOR), memory_order_relaxed) <= position;
}

/* Reader: consumes n samples (n <= available). */
static inline int cascade_ring_advance(cascade_ring *r, int64_t n) {
    int64_t head = cascade_catch_up(r);
    if (r->role != CASCADE_READER || n < 0
        || n > atomic_load_explicit(cascade_cb(r, CASCADE_CB_TAIL), memory_order_acquire) - head) {
        return -EINVAL;
    }
    cascade_add(r, CASCADE_CB_SAMPLES_READ, n);
    atomic_store_explicit(cascade_cb(r, CASCADE_CB_HEAD), head + n, memory_order_release);
    return 0;
}

/* Reader: copies n samples out and consumes them; CASCADE_LAPPED when overwritten meanwhile. */
static inline int cascade_ring_read(cascade_ring *r, float *dst, int64_t n) {
    const float *src;
    int64_t position;
    int e = cascade_ring_peek(r, n, &src, &position);
    if (e != 0) {
        return e;
    }
    memcpy(dst, src, (size_t) n * sizeof(float));
    if (!cascade_ring_valid(r, position)) {
        cascade_catch_up(r);
        return CASCADE_LAPPED;
    }
    return cascade_ring_advance(r, n);
}

#endif /* CASCADE_RING_H */

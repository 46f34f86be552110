/*
 * The native side of the cross-process tests: a producer and a consumer built on
 * cascade_ring.h alone. Sample values are their stream positions modulo 2^24 (exact in a
 * float), so a reader can check every sample and its order.
 *
 *   ring_tool offsets                                    every layout constant, NAME=VALUE
 *   ring_tool create PATH RATE CHANNELS CAPACITY POLICY  a new ring file (policy 0 BLOCK, 1 REJECT, 2 OVERWRITE)
 *   ring_tool write PATH BLOCK COUNT [die|paced]         COUNT blocks from the tail on, waiting for room;
 *                                                        die: then half of one more block, of -1s, and
 *                                                        SIGKILL; paced: a millisecond between blocks
 *   ring_tool read PATH CHUNK COUNT                      COUNT chunks, each sample checked
 */
#include "cascade_ring.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

static float value_at(int64_t position) {
    return (float) (position % 16777216);
}

static int fail(const char *what, int e) {
    fprintf(stderr, "%s: %d (%s)\n", what, e, e < 0 ? strerror(-e) : "ring outcome");
    return 1;
}

static int offsets(void) {
#define SHOW(name) printf("%s=%lld\n", #name, (long long) (name))
    SHOW(CASCADE_GRANULE); SHOW(CASCADE_MAGIC); SHOW(CASCADE_VERSION); SHOW(CASCADE_HEADER_BYTES);
    SHOW(CASCADE_FILE_BYTES); SHOW(CASCADE_SAMPLE_RATE); SHOW(CASCADE_CHANNELS); SHOW(CASCADE_CAPACITY);
    SHOW(CASCADE_SLOTS); SHOW(CASCADE_POLICY); SHOW(CASCADE_PRODUCER_MODE); SHOW(CASCADE_CONTROL_OFFSET);
    SHOW(CASCADE_WRITER_PID); SHOW(CASCADE_READER_PID); SHOW(CASCADE_WRITER_ATTACHES); SHOW(CASCADE_HEARTBEAT);
    SHOW(CASCADE_CONTROL_BLOCK); SHOW(CASCADE_MAGIC_VALUE); SHOW(CASCADE_VERSION_VALUE);
    SHOW(CASCADE_CB_MAGIC); SHOW(CASCADE_CB_VERSION); SHOW(CASCADE_CB_SIZE); SHOW(CASCADE_CB_MAGIC_VALUE);
    SHOW(CASCADE_CB_VERSION_VALUE); SHOW(CASCADE_CB_TAIL); SHOW(CASCADE_CB_FLOOR); SHOW(CASCADE_CB_WRITE_OPS);
    SHOW(CASCADE_CB_SAMPLES_WRITTEN); SHOW(CASCADE_CB_OVERFLOWS); SHOW(CASCADE_CB_PEAK_FILL); SHOW(CASCADE_CB_HEAD);
    SHOW(CASCADE_CB_READ_OPS); SHOW(CASCADE_CB_SAMPLES_READ); SHOW(CASCADE_CB_DROPPED); SHOW(CASCADE_CB_LAPS); SHOW(CASCADE_CB_SKIPPED);
    SHOW(CASCADE_BLOCK); SHOW(CASCADE_REJECT); SHOW(CASCADE_OVERWRITE);
#undef SHOW
    return 0;
}

static void pause_briefly(void) {
    struct timespec t = {0, 50000};
    nanosleep(&t, NULL);
}

static int write_blocks(const char *path, int64_t block, int64_t count, int die, int paced) {
    cascade_ring r;
    int e = cascade_ring_open(&r, path, CASCADE_WRITER);
    if (e != 0) {
        return fail("cascade_ring_open", e);
    }
    for (int64_t i = 0; i < count + (die ? 1 : 0); i++) {
        float *dst;
        while ((e = cascade_ring_claim(&r, block, &dst)) == CASCADE_EFULL) {
            pause_briefly();
        }
        if (e != 0) {
            return fail("cascade_ring_claim", e);
        }
        int64_t tail = atomic_load_explicit(cascade_cb(&r, CASCADE_CB_TAIL), memory_order_relaxed);
        int64_t fill = i < count ? block : block / 2;
        for (int64_t k = 0; k < fill; k++) {
            dst[k] = i < count ? value_at(tail + k) : -1.0f;
        }
        if (i == count) {
            fflush(stdout);
            kill(getpid(), SIGKILL);          /* dies with half a block written, not committed */
        }
        if ((e = cascade_ring_commit(&r, block)) != 0) {
            return fail("cascade_ring_commit", e);
        }
        if (paced) {
            struct timespec t = {0, 1000000};
            nanosleep(&t, NULL);
        }
    }
    printf("tail=%lld\n", (long long) atomic_load_explicit(cascade_cb(&r, CASCADE_CB_TAIL), memory_order_relaxed));
    cascade_ring_close(&r);
    return 0;
}

static int read_chunks(const char *path, int64_t chunk, int64_t count) {
    cascade_ring r;
    int e = cascade_ring_open(&r, path, CASCADE_READER);
    if (e != 0) {
        return fail("cascade_ring_open", e);
    }
    float *copy = malloc((size_t) chunk * sizeof(float));
    int64_t first = -1;
    for (int64_t i = 0; i < count; i++) {
        int64_t position = cascade_catch_up(&r);
        while ((e = cascade_ring_read(&r, copy, chunk)) == CASCADE_EMPTY) {
            pause_briefly();
            position = cascade_catch_up(&r);
        }
        if (e != 0) {
            return fail("cascade_ring_read", e);
        }
        if (first < 0) {
            first = position;
        }
        for (int64_t k = 0; k < chunk; k++) {
            if (copy[k] != value_at(position + k)) {
                fprintf(stderr, "sample at position %lld is %f, expected %f\n", (long long) (position + k),
                        copy[k], value_at(position + k));
                return 1;
            }
        }
    }
    printf("read=%lld first=%lld\n", (long long) (count * chunk), (long long) first);
    free(copy);
    cascade_ring_close(&r);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "offsets") == 0) {
        return offsets();
    }
    if (argc == 7 && strcmp(argv[1], "create") == 0) {
        cascade_ring r;
        int e = cascade_ring_create(&r, argv[2], atoll(argv[3]), atoll(argv[4]), atoll(argv[5]), atoi(argv[6]),
                                    CASCADE_WRITER);
        if (e != 0) {
            return fail("cascade_ring_create", e);
        }
        cascade_ring_close(&r);
        return 0;
    }
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "write") == 0) {
        const char *mode = argc == 6 ? argv[5] : "";
        return write_blocks(argv[2], atoll(argv[3]), atoll(argv[4]), strcmp(mode, "die") == 0,
                            strcmp(mode, "paced") == 0);
    }
    if (argc == 5 && strcmp(argv[1], "read") == 0) {
        return read_chunks(argv[2], atoll(argv[3]), atoll(argv[4]));
    }
    fprintf(stderr, "usage: ring_tool offsets | create PATH RATE CHANNELS CAPACITY POLICY | "
                    "write PATH BLOCK COUNT [die|paced] | read PATH CHUNK COUNT\n");
    return 2;
}

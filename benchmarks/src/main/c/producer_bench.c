/*
 * The native loops of NativeProducerBenchmark, built as a shared library: cascade_ring.h's
 * write (and the reader's advance that makes room again) against a plain memcpy of the same
 * blocks into memory of the same size. Each call runs `iterations` blocks, so the downcall's
 * own cost is spread thin and is the same for both.
 */
#include "cascade_ring.h"

#include <stdlib.h>

typedef struct bench_pair {
    cascade_ring writer;
    cascade_ring reader;
} bench_pair;

/* Creates the ring file at path, with this process as its writer and as its reader. */
bench_pair *bench_open(const char *path, int64_t capacity) {
    bench_pair *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return NULL;
    }
    if (cascade_ring_create(&p->writer, path, 16000, 1, capacity, CASCADE_REJECT, CASCADE_WRITER) != 0) {
        free(p);
        return NULL;
    }
    if (cascade_ring_open(&p->reader, path, CASCADE_READER) != 0) {
        cascade_ring_close(&p->writer);
        free(p);
        return NULL;
    }
    return p;
}

int64_t bench_ring(bench_pair *p, const float *src, int64_t n, int64_t iterations) {
    for (int64_t i = 0; i < iterations; i++) {
        if (cascade_ring_write(&p->writer, src, n) != 0 || cascade_ring_advance(&p->reader, n) != 0) {
            return -1;
        }
    }
    return atomic_load_explicit(cascade_cb(&p->writer, CASCADE_CB_TAIL), memory_order_relaxed);
}

int64_t bench_memcpy(float *dst, int64_t slots, const float *src, int64_t n, int64_t iterations, int64_t position) {
    for (int64_t i = 0; i < iterations; i++) {
        memcpy(dst + position, src, (size_t) n * sizeof(float));
        position += n;
        if (position + n > slots) {
            position = 0;
        }
    }
    return position;
}

void bench_close(bench_pair *p) {
    cascade_ring_close(&p->reader);
    cascade_ring_close(&p->writer);
    free(p);
}

/*
 * The C producer of CrossProcessBenchmark: opens a ring file as its writer and writes blocks of
 * BLOCK samples as fast as the reader makes room, until it is killed (or its parent dies).
 *
 *   stream_producer PATH BLOCK
 */
#include "cascade_ring.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: stream_producer PATH BLOCK\n");
        return 2;
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);       /* never outlive the benchmark's JVM */
    int64_t block = atoll(argv[2]);
    float *samples = malloc((size_t) block * sizeof(float));
    for (int64_t i = 0; i < block; i++) {
        samples[i] = (float) i;
    }
    cascade_ring r;
    int e = cascade_ring_open(&r, argv[1], CASCADE_WRITER);
    if (e != 0) {
        fprintf(stderr, "cascade_ring_open: %d\n", e);
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        e = cascade_ring_write(&r, samples, block);
        if (e != 0 && e != CASCADE_EFULL) {
            fprintf(stderr, "cascade_ring_write: %d\n", e);
            return 1;
        }
    }
}

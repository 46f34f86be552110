package io.cascade.buffer.heap;

import io.cascade.buffer.testkit.ConcurrencyStress;

/** The concurrency stress tests on the heap backend. */
class HeapConcurrencyTest extends ConcurrencyStress {

    @Override
    protected String backend() {
        return HeapBufferProvider.NAME;
    }
}

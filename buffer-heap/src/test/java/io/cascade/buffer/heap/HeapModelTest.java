package io.cascade.buffer.heap;

import io.cascade.buffer.testkit.RingModelProperties;

/** The model-based properties on the heap backend. */
class HeapModelTest extends RingModelProperties {

    @Override
    protected String backend() {
        return HeapBufferProvider.NAME;
    }
}

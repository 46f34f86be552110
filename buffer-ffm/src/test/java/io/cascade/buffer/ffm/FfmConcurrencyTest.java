package io.cascade.buffer.ffm;

import io.cascade.buffer.testkit.ConcurrencyStress;

/** The concurrency stress tests on the ffm backend. */
class FfmConcurrencyTest extends ConcurrencyStress {

    @Override
    protected String backend() {
        return FfmBufferProvider.NAME;
    }
}

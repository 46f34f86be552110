package io.cascade.buffer.ffm;

import io.cascade.buffer.testkit.RingModelProperties;

/** The model-based properties on the ffm backend. */
class FfmModelTest extends RingModelProperties {

    @Override
    protected String backend() {
        return FfmBufferProvider.NAME;
    }
}

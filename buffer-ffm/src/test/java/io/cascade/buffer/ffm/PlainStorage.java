package io.cascade.buffer.ffm;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Makes the ffm backend allocate plain (not mirrored) storage for each test of a class that uses it. */
final class PlainStorage implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        System.setProperty(FfmBufferProvider.MIRROR_PROPERTY, "false");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.clearProperty(FfmBufferProvider.MIRROR_PROPERTY);
    }
}

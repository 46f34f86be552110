package io.cascade.buffer.ffm;

import io.cascade.buffer.testkit.ReadersAndClaimsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Fan-out readers and claims on plain native storage: claims in place unless they wrap. */
class FfmPlainReadersAndClaimsTest extends ReadersAndClaimsContract {

    @BeforeEach
    void plainStorage() {
        System.setProperty(FfmBufferProvider.MIRROR_PROPERTY, "false");
    }

    @AfterEach
    void defaultStorage() {
        System.clearProperty(FfmBufferProvider.MIRROR_PROPERTY);
    }

    @Override
    protected String backend() {
        return FfmBufferProvider.NAME;
    }

    @Override
    protected boolean claimsInPlace() {
        return NativeAccess.enabled();
    }
}

package io.cascade.buffer.heap;

import io.cascade.buffer.testkit.ReadersAndClaimsContract;

/** Fan-out readers and claims on {@code float[]} storage, where every claim is scratch copied in at commit. */
class HeapReadersAndClaimsTest extends ReadersAndClaimsContract {

    @Override
    protected String backend() {
        return HeapBufferProvider.NAME;
    }

    @Override
    protected boolean claimsInPlace() {
        return false;
    }
}

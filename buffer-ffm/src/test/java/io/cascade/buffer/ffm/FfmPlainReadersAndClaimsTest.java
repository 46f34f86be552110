package io.cascade.buffer.ffm;

import org.junit.jupiter.api.extension.ExtendWith;

/** Fan-out readers and claims on plain native storage: claims in place unless they wrap. */
@ExtendWith(PlainStorage.class)
class FfmPlainReadersAndClaimsTest extends FfmReadersAndClaimsTest {
}

package org.bedkd.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Prepares a temporary artifact store (see {@link TestStore}) and points the service at it. */
public class TestStoreResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TestStore.Prepared prepared;

    @Override
    public Map<String, String> start() {
        prepared = TestStore.prepare(TestStore.tempRoot());
        return Map.of("bedkd.store.root", prepared.root().toString());
    }

    @Override
    public void stop() {
        // The temporary store stays for post-mortem inspection of a failed run; the OS cleans /tmp.
    }

    public static TestStore.Prepared prepared() {
        if (prepared == null) {
            throw new IllegalStateException("the test store is not prepared");
        }
        return prepared;
    }
}

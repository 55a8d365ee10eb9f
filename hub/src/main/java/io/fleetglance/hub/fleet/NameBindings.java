package io.fleetglance.hub.fleet;

import io.fleetglance.hub.store.HubStore;
import io.fleetglance.hub.store.StoreException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which agent credential each host name is bound to, by the credential's hash ({@link CredentialHash}): the first
 * agent that enrolls a name holds it until an operator releases it. A hub keeps them in its store ({@link #of}), so
 * that they survive restarts and {@code fleetglance hub release} can free a name while the hub runs.
 */
public interface NameBindings {

    /** The hash of the credential {@code name} is bound to; empty when the name is free. */
    Optional<String> credential(String name);

    /** Binds a free {@code name} to {@code credentialHash}; fails when it cannot be kept. */
    void bind(String name, String credentialHash);

    /** Frees {@code name}; false when it was not bound. */
    boolean release(String name);

    /**
     * The bindings kept in {@code store}: each lookup reads the store (a release by another process counts at once),
     * each change is durable before it returns. A store that cannot be read or written fails the call.
     */
    static NameBindings of(HubStore store) {
        return new NameBindings() {
            @Override
            public Optional<String> credential(String name) {
                try {
                    return store.boundCredential(name);
                } catch (StoreException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }

            @Override
            public void bind(String name, String credentialHash) {
                try {
                    store.bind(name, credentialHash);
                } catch (StoreException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }

            @Override
            public boolean release(String name) {
                try {
                    return store.release(name);
                } catch (StoreException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        };
    }

    /** Bindings that live as long as the hub process (tests, benchmarks). */
    static NameBindings inMemory() {
        Map<String, String> map = new ConcurrentHashMap<>();
        return new NameBindings() {
            @Override
            public Optional<String> credential(String name) {
                return Optional.ofNullable(map.get(name));
            }

            @Override
            public void bind(String name, String credentialHash) {
                map.put(name, credentialHash);
            }

            @Override
            public boolean release(String name) {
                return map.remove(name) != null;
            }
        };
    }
}

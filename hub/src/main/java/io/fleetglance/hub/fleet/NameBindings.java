package io.fleetglance.hub.fleet;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which agent credential each host name is bound to, by the credential's hash ({@link CredentialHash}): the first
 * agent that enrolls a name holds it until an operator releases it. Kept across hub restarts by
 * {@link FileNameBindings}; the one place a durable store plugs in (one nullable column per host record).
 */
public interface NameBindings {

    /** The hash of the credential {@code name} is bound to; empty when the name is free. */
    Optional<String> credential(String name);

    /** Binds a free {@code name} to {@code credentialHash}; fails when it cannot be kept. */
    void bind(String name, String credentialHash);

    /** Frees {@code name}; false when it was not bound. */
    boolean release(String name);

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

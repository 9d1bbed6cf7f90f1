package dev.hamcp.bridge.command.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.command.secret.DataKeyCache.DataKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DataKeyCacheTest {

    private final DataKeyCache cache = new DataKeyCache(2);

    @Test
    void theLeastRecentlyUsedKeyGoesBeyondTheBound() {
        cache.put(key("user-1", "dk-1"));
        cache.put(key("user-2", "dk-2"));
        cache.byKeyId("dk-1");

        cache.put(key("user-3", "dk-3"));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.byKeyId("dk-2")).isNull();
        assertThat(cache.byOwner("user-2")).isNull();
        assertThat(cache.byOwner("user-1")).isNotNull();
    }

    @Test
    void aForgottenOwnersKeyIsNotCachedAgain() {
        cache.put(key("user-1", "dk-1"));

        cache.forget("user-1");
        cache.put(key("user-1", "dk-1"));

        assertThat(cache.byKeyId("dk-1")).isNull();
        assertThat(cache.byOwner("user-1")).isNull();
    }

    private static DataKey key(String owner, String keyId) {
        return new DataKey(owner, keyId, new SecretKeySpec(new byte[32], "AES"));
    }
}

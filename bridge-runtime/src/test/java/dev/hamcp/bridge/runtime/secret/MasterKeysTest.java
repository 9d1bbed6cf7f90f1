package dev.hamcp.bridge.runtime.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.command.secret.MasterKeyring;
import dev.hamcp.bridge.runtime.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

class MasterKeysTest {

    private static final String KEY_A = base64(1);
    private static final String KEY_B = base64(2);

    @TempDir
    Path dir;

    @Test
    void withoutConfigurationAKeyIsGeneratedOnceIntoTheDataDirectoryOwnerOnly() throws Exception {
        var first = fileManaged();
        var again = fileManaged();

        assertThat(first.fileManaged()).isTrue();
        assertThat(again.get().currentKeyId()).isEqualTo(first.get().currentKeyId());
        assertThat(Files.getPosixFilePermissions(dir.resolve(MasterKeys.FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aGeneratedSuccessorKeepsItsPredecessorRetiredUntilTheRotationIsDone() throws Exception {
        var keys = fileManaged();
        String old = keys.get().currentKeyId();

        String next = keys.generateNext();

        assertThat(next).isNotEqualTo(old).isEqualTo(keys.get().currentKeyId());
        assertThat(keys.get().retiredKeyIds()).containsExactly(old);
        assertThat(Files.getPosixFilePermissions(dir.resolve(MasterKeys.RETIRED_FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // A crash now: the next start still holds both.
        var restarted = fileManaged();
        assertThat(restarted.get().currentKeyId()).isEqualTo(next);
        assertThat(restarted.get().retiredKeyIds()).containsExactly(old);

        keys.dropRetiredFiles();

        assertThat(keys.get().retiredKeyIds()).isEmpty();
        assertThat(dir.resolve(MasterKeys.RETIRED_FILE_NAME)).doesNotExist();
        assertThat(fileManaged().get().retiredKeyIds()).isEmpty();
        assertThat(dir.resolve(MasterKeys.FILE_NAME + ".next")).doesNotExist();
    }

    @Test
    void aConfiguredKeyAndItsRetiredKeysComeFromConfigurationAndNoFileIsWritten() {
        var keys = MasterKeys.load(new SecretsProperties(KEY_B, List.of(KEY_A)), new DataDirectory(dir));

        assertThat(keys.fileManaged()).isFalse();
        assertThat(keys.get().currentKeyId())
                .isEqualTo(MasterKeyring.keyIdOf(Base64.getDecoder().decode(KEY_B)));
        assertThat(keys.get().retiredKeyIds())
                .containsExactly(MasterKeyring.keyIdOf(Base64.getDecoder().decode(KEY_A)));
        assertThat(dir.resolve(MasterKeys.FILE_NAME)).doesNotExist();
        assertThatThrownBy(keys::generateNext).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMalformedKeyIsRefusedWithoutEchoingIt() {
        String tooShort = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> MasterKeys.load(new SecretsProperties(tooShort, List.of()), new DataDirectory(dir)))
                .hasMessageContaining("bridge.secrets.master-key")
                .hasMessageNotContaining(tooShort);
        assertThatThrownBy(() ->
                        MasterKeys.load(new SecretsProperties(KEY_A, List.of("not base64!")), new DataDirectory(dir)))
                .hasMessageContaining("bridge.secrets.retired-master-keys[0]")
                .hasMessageNotContaining("not base64!");
    }

    @Test
    void theMasterKeyIsReadFromBridgeMasterKeyAndTheLongNameWins() throws Exception {
        assertThat(secrets(Map.of("BRIDGE_MASTER_KEY", KEY_A)).masterKey()).isEqualTo(KEY_A);
        assertThat(secrets(Map.of("BRIDGE_MASTER_KEY", KEY_A, "BRIDGE_SECRETS_MASTER_KEY", KEY_B))
                        .masterKey())
                .isEqualTo(KEY_B);
        assertThat(secrets(Map.of("BRIDGE_RETIRED_MASTER_KEYS", KEY_A + "," + KEY_B))
                        .retiredMasterKeys())
                .containsExactly(KEY_A, KEY_B);
        var nothingSet = secrets(Map.of());
        assertThat(nothingSet.masterKeyConfigured()).isFalse();
        assertThat(nothingSet.retiredMasterKeys()).isEmpty();
        assertThat(secrets(Map.of("BRIDGE_MASTER_KEY", KEY_A)).toString()).doesNotContain(KEY_A);
    }

    private MasterKeys fileManaged() {
        return MasterKeys.load(new SecretsProperties(null, List.of()), new DataDirectory(dir));
    }

    // The environment over application.yml, placeholders resolved, as the running bridge binds them.
    private static SecretsProperties secrets(Map<String, Object> env) throws Exception {
        var environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return Binder.get(environment).bindOrCreate("bridge.secrets", SecretsProperties.class);
    }

    private static String base64(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return Base64.getEncoder().encodeToString(key);
    }
}

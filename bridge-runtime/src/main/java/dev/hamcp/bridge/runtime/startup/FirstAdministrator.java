package dev.hamcp.bridge.runtime.startup;

import dev.hamcp.bridge.api.audit.AuditMetadata;
import dev.hamcp.bridge.api.user.Password;
import dev.hamcp.bridge.api.user.RegisterUser;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.runtime.DataDirectory;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates {@code admin} when an installation has no user at all. There is no default password:
 * it comes from {@code BRIDGE_ADMIN_PASSWORD}, or is generated, printed once to the console (never
 * to the log) and written to an owner-only file in the data directory.
 */
@Component
class FirstAdministrator {

    static final String USERNAME = "admin";
    static final String PASSWORD_FILE = "initial-admin-password.txt";
    private static final Logger log = LoggerFactory.getLogger(FirstAdministrator.class);

    private final AccessView view;
    private final Commands commands;
    private final AdminProperties properties;
    private final DataDirectory dataDirectory;

    FirstAdministrator(AccessView view, Commands commands, AdminProperties properties, DataDirectory dataDirectory) {
        this.view = view;
        this.commands = commands;
        this.properties = properties;
        this.dataDirectory = dataDirectory;
    }

    /** Called once the access view has caught up with the store, so "no user" really means none. */
    void ensure() {
        forgetPasswordFileOnceChanged();
        if (view.userCount() > 0) {
            return;
        }
        boolean generated =
                properties.password() == null || properties.password().isBlank();
        String password = generated ? generate() : properties.password();
        var command = new RegisterUser(
                UUID.randomUUID().toString(), USERNAME, "admin@localhost", new Password(password), Role.ADMIN, true);
        var context = new RequestContext(UUID.randomUUID().toString(), "local", null);
        try {
            commands.send(command, AuditMetadata.SYSTEM_ACTOR, context, "first start: no user exists")
                    .block();
        } catch (RuntimeException e) {
            // Another node created it at the same moment, or a password from the environment breaks the policy.
            log.warn("The first administrator was not created: {}", e.getMessage());
            return;
        }
        if (generated) {
            Path file = dataDirectory.root().resolve(PASSWORD_FILE);
            DataDirectory.writeOwnerOnly(file, (password + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            System.out.printf(
                    "%n  First start: created the administrator '%s' with the one-time password%n%n      %s%n%n"
                            + "  (also in %s, readable by you only). You must change it at the first login.%n%n",
                    USERNAME, password, file.toAbsolutePath());
        }
        log.info(
                "Created the first administrator '{}'; the password {} and must be changed at the first login",
                USERNAME,
                generated ? "was generated into " + PASSWORD_FILE : "came from BRIDGE_ADMIN_PASSWORD");
    }

    /** The generated password is useless once changed: do not leave it lying around. */
    private void forgetPasswordFileOnceChanged() {
        Path file = dataDirectory.root().resolve(PASSWORD_FILE);
        boolean changed = view.userIdForUsername(USERNAME)
                .flatMap(view::user)
                .map(user -> !user.mustChangePassword())
                .orElse(false);
        if (changed && Files.exists(file)) {
            try {
                Files.delete(file);
                log.info("Deleted {}: the administrator has changed that password", PASSWORD_FILE);
            } catch (IOException e) {
                log.warn("Could not delete {}: {}", file, e.getMessage());
            }
        }
    }

    private static String generate() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

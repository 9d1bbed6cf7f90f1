package dev.hamcp.bridge.command.user;

import dev.hamcp.bridge.api.user.RegisterUser;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.command.secret.SecretCipher;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Registers a user, claiming the username (and an administrator's seat) in the same unit of work. */
@Component
public class RegistrationHandler {

    private final Repository<User> userRepository;
    private final Repository<UsernameClaim> usernameClaimRepository;
    private final Repository<AdminRoster> adminRosterRepository;
    private final PasswordHasher hasher;
    private final SecretCipher cipher;

    public RegistrationHandler(
            Repository<User> userRepository,
            Repository<UsernameClaim> usernameClaimRepository,
            Repository<AdminRoster> adminRosterRepository,
            PasswordHasher hasher,
            SecretCipher cipher) {
        this.userRepository = userRepository;
        this.usernameClaimRepository = usernameClaimRepository;
        this.adminRosterRepository = adminRosterRepository;
        this.hasher = hasher;
        this.cipher = cipher;
    }

    // Claim first: a taken name is refused before the slow hash, and any later refusal rolls the claim back.
    @CommandHandler
    String handle(RegisterUser cmd) throws Exception {
        String claimId = UsernameClaim.idFor(cmd.username());
        usernameClaimRepository
                .loadOrCreate(claimId, UsernameClaim::new)
                .execute(claim -> claim.claim(claimId, cmd.username(), cmd.userId()));
        userRepository.newInstance(() -> new User(cmd, hasher, cipher));
        if (cmd.role() == Role.ADMIN) {
            adminRosterRepository
                    .loadOrCreate(AdminRoster.ID, AdminRoster::new)
                    .execute(roster -> roster.seat(cmd.userId()));
        }
        return cmd.userId();
    }
}

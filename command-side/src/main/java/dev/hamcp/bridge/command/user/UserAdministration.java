package dev.hamcp.bridge.command.user;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.user.ChangeUserRole;
import dev.hamcp.bridge.api.user.DeleteUser;
import dev.hamcp.bridge.api.user.DisableUser;
import dev.hamcp.bridge.api.user.EnableUser;
import dev.hamcp.bridge.api.user.Role;
import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Administrators' changes to an account, kept in step with the admin roster and the username claims. */
@Component
public class UserAdministration {

    private final Repository<User> userRepository;
    private final Repository<UsernameClaim> usernameClaimRepository;
    private final Repository<AdminRoster> adminRosterRepository;

    public UserAdministration(
            Repository<User> userRepository,
            Repository<UsernameClaim> usernameClaimRepository,
            Repository<AdminRoster> adminRosterRepository) {
        this.userRepository = userRepository;
        this.usernameClaimRepository = usernameClaimRepository;
        this.adminRosterRepository = adminRosterRepository;
    }

    @CommandHandler
    void handle(DisableUser cmd) throws Exception {
        administer(load(cmd.userId()), true, User::disable);
    }

    @CommandHandler
    void handle(EnableUser cmd) throws Exception {
        administer(load(cmd.userId()), false, User::enable);
    }

    @CommandHandler
    void handle(ChangeUserRole cmd) throws Exception {
        administer(load(cmd.userId()), cmd.role() != Role.ADMIN, user -> user.changeRole(cmd.role()));
    }

    @CommandHandler
    void handle(DeleteUser cmd) throws Exception {
        Aggregate<User> user = load(cmd.userId());
        String claimId = UsernameClaim.idFor(user.invoke(User::username));
        administer(user, true, User::delete);
        usernameClaimRepository.load(claimId).execute(claim -> claim.release(cmd.userId()));
    }

    /**
     * Applies {@code change} to the user, keeping the roster in step. A seat is released before the change,
     * so the roster's last-admin refusal comes before anything else happened; it is taken after, as only
     * the changed user knows whether it is now an enabled administrator.
     */
    private void administer(Aggregate<User> user, boolean endsAdminStanding, Consumer<User> change) throws Exception {
        String userId = user.identifierAsString();
        boolean wasEnabledAdmin = user.invoke(User::isEnabledAdmin);
        if (wasEnabledAdmin && endsAdminStanding) {
            roster().execute(roster -> roster.release(userId));
        }
        user.execute(change);
        if (!wasEnabledAdmin && user.invoke(User::isEnabledAdmin)) {
            roster().execute(roster -> roster.seat(userId));
        }
    }

    private Aggregate<User> load(String userId) {
        try {
            return userRepository.load(userId);
        } catch (AggregateNotFoundException notFoundOrDeleted) {
            throw BusinessError.reject(ErrorCode.USER_NOT_FOUND, "No such user.");
        }
    }

    // Repository.loadOrCreate declares Exception, though Axon's own repositories throw only runtime ones.
    private Aggregate<AdminRoster> roster() throws Exception {
        return adminRosterRepository.loadOrCreate(AdminRoster.ID, AdminRoster::new);
    }
}

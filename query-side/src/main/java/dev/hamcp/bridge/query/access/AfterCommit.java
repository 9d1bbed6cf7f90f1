package dev.hamcp.bridge.query.access;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * How this node's in-memory views apply their own changes: once the command's transaction has
 * committed and before its result is returned, so the very next request already sees them.
 *
 * <p>One command may cause several events (a password change ends sessions too), and Axon runs
 * after-commit callbacks in reverse order of registration, so updates are queued on the root unit
 * of work and applied by a single callback, in the order the events happened.
 */
public final class AfterCommit {

    private static final String PENDING = AfterCommit.class.getName() + ".pending";

    private AfterCommit() {}

    /** Runs {@code update} after the current unit of work commits, or now when there is none. */
    public static void apply(Runnable update) {
        if (!CurrentUnitOfWork.isStarted()) {
            update.run();
            return;
        }
        pendingOf(CurrentUnitOfWork.get().root()).add(update);
    }

    private static List<Runnable> pendingOf(UnitOfWork<?> root) {
        return root.getOrComputeResource(PENDING, key -> {
            List<Runnable> pending = new ArrayList<>();
            root.afterCommit(unitOfWork -> pending.forEach(Runnable::run));
            return pending;
        });
    }
}

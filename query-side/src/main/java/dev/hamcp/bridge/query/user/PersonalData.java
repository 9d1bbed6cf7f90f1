package dev.hamcp.bridge.query.user;

import dev.hamcp.bridge.api.secret.SealedText;
import dev.hamcp.bridge.api.user.UserRegistered;
import java.util.Optional;

/**
 * Opens the personal data that events hold sealed under each user's data key, for the read models
 * that show it. Empty once the owner's key is destroyed: a replay after a deletion finds nothing to show.
 */
public interface PersonalData {

    /** Opens nothing: for views built in tests and benchmarks, whose events hold no sealed data. */
    PersonalData NONE = text -> Optional.empty();

    Optional<String> open(SealedText sealed);

    /** The registered address: sealed since addresses are, in the clear in events written before. */
    default String emailOf(UserRegistered event) {
        if (event.email() != null) {
            return event.email();
        }
        return event.sealedEmail() == null ? null : open(event.sealedEmail()).orElse(null);
    }
}

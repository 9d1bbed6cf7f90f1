package dev.hamcp.bridge.runtime.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of {@code /auth}; none of them ever prints a secret. */
final class AuthRequests {

    private AuthRequests() {}

    record Register(
            @NotBlank
            @Pattern(regexp = "[A-Za-z0-9._-]{3,50}", message = "3 to 50 letters, digits, dots, dashes or underscores")
            String username,

            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(max = 256) String password) {

        @Override
        public String toString() {
            return "Register[username=" + username + "]";
        }
    }

    /**
     * @param refreshTokenIn {@code body} (the default: API clients) or {@code cookie} (the
     *     dashboard: the refresh token is set as an {@code HttpOnly} cookie, never in the body)
     */
    record Login(
            @NotBlank @Size(max = 50) String username,
            @NotNull @Size(max = 256) String password,

            @Pattern(regexp = "body|cookie", message = "body or cookie")
            String refreshTokenIn) {

        boolean inCookie() {
            return "cookie".equals(refreshTokenIn);
        }

        @Override
        public String toString() {
            return "Login[username=" + username + "]";
        }
    }

    record Refresh(@NotBlank @Size(max = 200) String refreshToken) {

        @Override
        public String toString() {
            return "Refresh[redacted]";
        }
    }

    record ChangePassword(
            @NotNull @Size(max = 256) String currentPassword,
            @NotNull @Size(max = 256) String newPassword) {

        @Override
        public String toString() {
            return "ChangePassword[redacted]";
        }
    }
}

package cn.disclosure.review.identity;

import io.quarkus.security.AuthenticationFailedException;

/**
 * A sign-in refused without trying the password: too many failures for the account name or from
 * the source address. Travels as the cause of an {@link AuthenticationFailedException} (final in
 * Quarkus) and is answered 429 with Retry-After (API) or a redirect to /login?error=throttled
 * (form login) by {@link AuthFailureResponses}.
 */
public class LoginThrottledException extends RuntimeException {
    private final long retryAfterSeconds;

    private LoginThrottledException(long retryAfterSeconds) {
        super("sign-in throttled", null, false, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** The authentication failure to throw for a throttled sign-in. */
    public static AuthenticationFailedException failure(long retryAfterSeconds) {
        return new AuthenticationFailedException(new LoginThrottledException(retryAfterSeconds));
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

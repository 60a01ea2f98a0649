package cn.disclosure.review.identity;

import io.quarkus.security.AuthenticationFailedException;

/**
 * A session cookie that decrypts but whose server-side session has ended (signed out, expired,
 * account disabled or its password changed, or no session id at all). Travels as the cause of an
 * {@link AuthenticationFailedException} and is answered by {@link AuthFailureResponses}: both
 * cookies cleared, the UI sent to /login, the API a 401.
 */
public class SessionEndedException extends RuntimeException {
    private final String username;

    private SessionEndedException(String username) {
        super("session ended", null, false, false);
        this.username = username;
    }

    /** The authentication failure to throw for a session that has ended. */
    public static AuthenticationFailedException failure(String username) {
        return new AuthenticationFailedException(new SessionEndedException(username));
    }

    public String username() {
        return username;
    }
}

package dev.nl2sql.examples.dashboard;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the dashboard's users: PBKDF2 with HMAC-SHA256 from the JDK, a random salt per password, and
 * the iteration count stored with each hash ({@code pbkdf2-sha256$ITERATIONS$SALT$HASH}) so it can be raised later
 * without invalidating existing hashes.
 */
final class PasswordHashing {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; also slows down guessing to about one try per second. */
    static final int ITERATIONS = 600_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Compared against when a user is unknown, so that the answer takes as long as for a known one. */
    private static final String DECOY = hash("decoy password".toCharArray());

    private PasswordHashing() {
    }

    static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    /** Whether {@code password} matches {@code stored}; {@code stored} null (no such user) takes as long and fails. */
    static boolean verify(char[] password, String stored) {
        if (stored == null) {
            verify(password, DECOY);
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalStateException("Unknown password hash format in the dashboard's user store");
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
    }

    /** A password for the first administrator: 120 random bits, typed or pasted once. */
    static String randomPassword() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}

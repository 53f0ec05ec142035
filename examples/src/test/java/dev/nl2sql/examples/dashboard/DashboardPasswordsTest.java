package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password hashes (PasswordHashing) and the user store (UserAccounts). */
class DashboardPasswordsTest {

    @Test
    void aHashIsSaltedAndVerifies() {
        String one = PasswordHashing.hash("s3cret pass".toCharArray());
        String two = PasswordHashing.hash("s3cret pass".toCharArray());
        assertTrue(one.startsWith("pbkdf2-sha256$" + PasswordHashing.ITERATIONS + "$"), one);
        assertNotEquals(one, two, "a random salt per hash");
        assertTrue(PasswordHashing.verify("s3cret pass".toCharArray(), one));
        assertFalse(PasswordHashing.verify("s3cret pasS".toCharArray(), one));
        assertFalse(PasswordHashing.verify("s3cret pass".toCharArray(), null), "no such user");
    }

    @Test
    void usersAreStoredWithHashesAndChecked(@TempDir Path dir) throws Exception {
        try (AppStore store = AppStore.open(dir)) {
            UserAccounts users = new UserAccounts(store);
            assertTrue(users.isEmpty());
            users.add("alice", "alices password".toCharArray(), UserAccounts.USER);
            assertTrue(users.verify("alice", "alices password".toCharArray()));
            assertFalse(users.verify("alice", "wrong".toCharArray()));
            assertFalse(users.verify("mallory'--", "x".toCharArray()));
            assertThrows(IllegalArgumentException.class, () -> users.add("alice", "another one".toCharArray(),
                    UserAccounts.USER));
            assertThrows(IllegalArgumentException.class, () -> users.add("bob", "short".toCharArray(),
                    UserAccounts.USER));
            assertThrows(IllegalArgumentException.class, () -> users.add("bad name", "long enough".toCharArray(),
                    UserAccounts.USER));
            users.setPassword("alice", "a new password".toCharArray());
            assertTrue(users.verify("alice", "a new password".toCharArray()));
            assertThrows(IllegalArgumentException.class,
                    () -> users.setPassword("nobody", "long enough".toCharArray()));
        }
    }
}

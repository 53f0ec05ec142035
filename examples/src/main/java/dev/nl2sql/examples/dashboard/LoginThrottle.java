package dev.nl2sql.examples.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing on the network: after {@link #MAX_FAILURES} failed logins in a row for one user name,
 * or from one address, further tries are refused for a while. A successful login clears both counts.
 */
final class LoginThrottle {

    static final int MAX_FAILURES = 5;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Duration lockout;
    private final Clock clock;

    LoginThrottle(Duration lockout, Clock clock) {
        this.lockout = lockout;
        this.clock = clock;
    }

    /** Seconds until {@code user} from {@code address} may try again; 0 when it may try now. */
    long secondsLocked(String user, String address) {
        Instant now = clock.instant();
        return Math.max(lockedFor("user:" + user, now), lockedFor("address:" + address, now));
    }

    void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() > 10_000) {
            // Bounded memory: forget counts whose lockout is over.
            failures.values().removeIf(f -> f.lockedUntil() != null && f.lockedUntil().isBefore(now));
        }
        for (String key : new String[] {"user:" + user, "address:" + address}) {
            failures.merge(key, new Failures(1, null), (old, one) -> {
                int count = old.count() + 1;
                return new Failures(count, count >= MAX_FAILURES ? now.plus(lockout) : null);
            });
        }
    }

    void succeeded(String user, String address) {
        failures.remove("user:" + user);
        failures.remove("address:" + address);
    }

    private long lockedFor(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.lockedUntil() == null) {
            return 0;
        }
        if (!f.lockedUntil().isAfter(now)) {
            failures.remove(key, f);
            return 0;
        }
        return Math.max(1, Duration.between(now, f.lockedUntil()).toSeconds());
    }
}

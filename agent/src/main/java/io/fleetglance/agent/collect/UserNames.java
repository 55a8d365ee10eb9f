package io.fleetglance.agent.collect;

import java.util.HashMap;
import java.util.Map;

/** The user names of the host's {@code /etc/passwd}, by uid; a uid without an entry is named by its number. */
final class UserNames {

    private final Map<Long, String> names;

    private UserNames(Map<Long, String> names) {
        this.names = names;
    }

    /**
     * The passwd file of the host under {@code root}. Only the local file is read (no NSS, LDAP or sssd): the agent
     * may run in a container whose own resolver knows nothing of the host's users.
     */
    static UserNames read(HostRoot root) {
        Map<Long, String> names = new HashMap<>();
        ProcText.read(root.resolve("/etc/passwd")).ifPresent(passwd -> {
            for (String line : ProcText.lines(passwd)) {
                // name:password:uid:gid:gecos:home:shell
                int first = line.indexOf(':');
                int second = first < 0 ? -1 : line.indexOf(':', first + 1);
                int third = second < 0 ? -1 : line.indexOf(':', second + 1);
                if (first <= 0 || third < 0) {
                    continue;
                }
                ProcText.unsigned(line.substring(second + 1, third))
                        .ifPresent(uid -> names.putIfAbsent(uid, line.substring(0, first)));
            }
        });
        return new UserNames(names);
    }

    /** The name of {@code uid}, or the uid in decimal when passwd has no entry for it (as psutil answers). */
    String name(int uid) {
        long key = Integer.toUnsignedLong(uid);
        String name = names.get(key);
        return name != null ? name : Long.toString(key);
    }
}

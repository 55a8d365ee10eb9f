package io.fleetglance.agent.collect;

import java.util.ArrayList;
import java.util.List;

/** The mount table format of {@code /proc/self/mounts} and {@code /etc/mtab} (fstab(5) fields, octal escapes). */
final class MountTable {

    /** One mounted file system, its device and mount point unescaped. */
    record Entry(String device, String mountPoint, String fsType, String options) {
    }

    private MountTable() {
    }

    /** The entries of a mount table, in its order; lines with fewer than four fields are skipped. */
    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String line : ProcText.lines(text)) {
            List<String> fields = ProcText.columns(line);
            if (fields.size() < 4 || fields.get(0).startsWith("#")) {
                continue;
            }
            entries.add(new Entry(unescape(fields.get(0)), unescape(fields.get(1)), unescape(fields.get(2)),
                    unescape(fields.get(3))));
        }
        return entries;
    }

    /**
     * Undoes the kernel's escaping of blanks and backslashes in mount fields: a space is written {@code \040}, a tab
     * {@code \011}, a newline {@code \012} and a backslash {@code \134}. Any other backslash is kept as it is.
     */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        int i = 0;
        while (i < field.length()) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1) && isOctal(field, i + 2) && isOctal(field, i + 3)) {
                text.append((char) ((field.charAt(i + 1) - '0') * 64 + (field.charAt(i + 2) - '0') * 8
                        + (field.charAt(i + 3) - '0')));
                i += 4;
            } else {
                text.append(c);
                i++;
            }
        }
        return text.toString();
    }

    private static boolean isOctal(String text, int index) {
        return index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '7';
    }
}

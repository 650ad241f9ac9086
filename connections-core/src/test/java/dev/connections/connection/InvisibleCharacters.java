package dev.connections.connection;

/** The tests' own oracle for characters that must never be shown raw: independent of {@link NameRules}. */
public final class InvisibleCharacters {
    private InvisibleCharacters() {}

    /** Format, control, separator, surrogate, private-use and unassigned code points. */
    public static boolean is(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT
                || type == Character.CONTROL
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED;
    }
}

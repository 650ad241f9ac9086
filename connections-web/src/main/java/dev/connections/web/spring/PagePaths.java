package dev.connections.web.spring;

/** How the configured page and API paths are normalised: a leading slash, no trailing one. */
final class PagePaths {
    private PagePaths() {}

    /** {@code path} with one leading slash and no trailing slash ({@code ""} for the root). */
    static String trimmed(String path) {
        String p = path.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            p = "/" + p;
        }
        return p;
    }
}

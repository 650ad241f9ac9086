package dev.connections.web.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

/**
 * The page's HTML shell: where its assets and the API are, its language and the host's CSRF token; the
 * script in {@code assets/connections.js} builds everything else.
 *
 * @param assets URL of the assets folder, ending with a slash
 * @param api URL of the JSON API, without a trailing slash
 * @param language the message bundle to use
 * @param csrf the host's CSRF header and token, or null without one
 */
record PageShell(String assets, String api, String language, @Nullable Csrf csrf) {

    /** The host's CSRF token: the header the page sends it in, and its value. */
    record Csrf(String headerName, String token) {}

    /** The whole document. */
    String document() {
        StringBuilder html = new StringBuilder(1200);
        html.append("<!DOCTYPE html>\n<html lang=\"")
                .append(escape(language))
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Connections</title>\n");
        meta(html, "connections-api", api);
        meta(html, "connections-assets", assets);
        meta(html, "connections-locale", language);
        if (csrf != null) {
            meta(html, "csrf-header", csrf.headerName());
            meta(html, "csrf-token", csrf.token());
        }
        html.append("<link rel=\"icon\" href=\"")
                .append(escape(assets))
                .append("favicon.svg\" type=\"image/svg+xml\">\n");
        head(html);
        html.append("</head>\n<body class=\"cx-body\">\n<main class=\"cx-page\">\n");
        root(html);
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /** The piece a host puts in its own layout: styles, the script and the element the page fills. */
    String fragment() {
        StringBuilder html = new StringBuilder(800);
        head(html);
        root(html);
        return html.toString();
    }

    private void head(StringBuilder html) {
        html.append("<link rel=\"stylesheet\" href=\"")
                .append(escape(assets))
                .append("connections.css\">\n<script type=\"module\" src=\"")
                .append(escape(assets))
                .append("connections.js\"></script>\n");
    }

    private void root(StringBuilder html) {
        html.append("<div class=\"cx\" data-connections data-api=\"")
                .append(escape(api))
                .append("\" data-assets=\"")
                .append(escape(assets))
                .append("\" data-locale=\"")
                .append(escape(language))
                .append('"');
        if (csrf != null) {
            html.append(" data-csrf-header=\"")
                    .append(escape(csrf.headerName()))
                    .append("\" data-csrf-token=\"")
                    .append(escape(csrf.token()))
                    .append('"');
        }
        html.append(">\n<noscript><p>The Connections page needs JavaScript.</p></noscript>\n</div>\n");
    }

    private static void meta(StringBuilder html, String name, String content) {
        html.append("<meta name=\"")
                .append(name)
                .append("\" content=\"")
                .append(escape(content))
                .append("\">\n");
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}

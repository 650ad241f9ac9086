package dev.connections.web.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code connections.web.*} properties: whether the page and API are mounted, and where. */
@ConfigurationProperties("connections.web")
public class ConnectionsWebProperties {

    /** Whether the Connections page and its HTTP API are mounted in the host's Spring MVC. */
    private boolean enabled = true;

    /** Where the page is served, inside the host's context path. */
    private String path = "/settings/connections";

    /** Where the JSON API is served, inside the host's context path. */
    private String apiPath = "/api/connections";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getApiPath() {
        return apiPath;
    }

    public void setApiPath(String apiPath) {
        this.apiPath = apiPath;
    }
}

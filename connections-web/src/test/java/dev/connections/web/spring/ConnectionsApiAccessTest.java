package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import dev.connections.event.ConnectionEvent;
import dev.connections.web.spring.security.SpringSecurityConnectionsAccess;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Who may do what, endpoint by endpoint: anonymous callers get 401, a viewer's writes 403, a write without
 * Spring Security's CSRF token 403, another workspace's connection 404 exactly as an unknown one; none of
 * them changes anything. Writes name the caller in events and the audit line.
 */
class ConnectionsApiAccessTest extends ApiTestSupport {

    /** One endpoint of the API; {@code {id}} is an existing connection's id. */
    record Endpoint(HttpMethod method, String path, String body, boolean write) {
        @Override
        public String toString() {
            return method + " " + path;
        }

        MockHttpServletRequestBuilder request(String id, String etag) {
            MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(
                            method, API + path.replace("{id}", id))
                    .header("If-Match", etag);
            return body.isEmpty()
                    ? request
                    : request.contentType(MediaType.APPLICATION_JSON).content(body);
        }

        boolean byId() {
            return path.contains("{id}");
        }
    }

    static final String ADD = "{\"name\":\"New\",\"apiKey\":\"" + KEY + "\"}";

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint(HttpMethod.GET, "/me", "", false),
                new Endpoint(HttpMethod.GET, "/apps", "", false),
                new Endpoint(HttpMethod.GET, "/integrations?q=open", "", false),
                new Endpoint(HttpMethod.GET, "/integrations/openai", "", false),
                new Endpoint(HttpMethod.GET, "/apps/openai/connections", "", false),
                new Endpoint(HttpMethod.GET, "/connections/{id}", "", false),
                new Endpoint(HttpMethod.POST, "/apps/openai/connections", ADD, true),
                new Endpoint(
                        HttpMethod.POST,
                        "/custom-connections",
                        "{\"appName\":\"Acme\",\"baseUrl\":\"https://api.acme.example\",\"name\":\"P\",\"apiKey\":\""
                                + KEY + "\"}",
                        true),
                new Endpoint(HttpMethod.PATCH, "/connections/{id}", "{\"name\":\"Renamed\"}", true),
                new Endpoint(HttpMethod.POST, "/connections/{id}/default", "", true),
                new Endpoint(HttpMethod.DELETE, "/connections/{id}", "", true),
                new Endpoint(HttpMethod.POST, "/connections/{id}/test", "", true),
                new Endpoint(
                        HttpMethod.POST,
                        "/imports",
                        "{\"items\":[{\"integrationId\":\"openai\",\"name\":\"Imported\",\"apiKey\":\"" + KEY + "\"}]}",
                        true));
    }

    static Stream<Endpoint> writes() {
        return endpoints().filter(Endpoint::write);
    }

    static Stream<Endpoint> withBody() {
        return endpoints().filter(endpoint -> !endpoint.body().isEmpty());
    }

    static Stream<Endpoint> byId() {
        return endpoints().filter(Endpoint::byId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void anAnonymousCallerIsNotSignedIn(Endpoint endpoint) throws Exception {
        String ws = workspace();
        String existing = addOpenAi(ws, "Main");
        MockHttpServletResponse response =
                call(endpoint.request(read(existing, "$.id"), etag(existing)).with(csrf()));
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertUnchanged(ws, existing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void aViewerMayNotWrite(Endpoint endpoint) throws Exception {
        String ws = workspace();
        String existing = addOpenAi(ws, "Main");
        MockHttpServletResponse response = call(endpoint.request(read(existing, "$.id"), etag(existing))
                .with(csrf())
                .with(viewer(ws)));
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertUnchanged(ws, existing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void aWriteWithoutTheCsrfTokenIsRefused(Endpoint endpoint) throws Exception {
        String ws = workspace();
        String existing = addOpenAi(ws, "Main");
        MockHttpServletResponse response =
                call(endpoint.request(read(existing, "$.id"), etag(existing)).with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(403);
        assertUnchanged(ws, existing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("byId")
    void anotherWorkspacesConnectionIsNotFoundAsAnUnknownOne(Endpoint endpoint) throws Exception {
        String ws = workspace();
        String theirs = addOpenAi(ws, "Theirs");
        String mine = workspace();
        MockHttpServletResponse other = call(endpoint.request(read(theirs, "$.id"), etag(theirs))
                .with(csrf())
                .with(manager(mine)));
        MockHttpServletResponse unknown = call(endpoint.request("0d4c8a1e-5b6f-4a7c-8d9e-0f1a2b3c4d5e", etag(theirs))
                .with(csrf())
                .with(manager(mine)));
        assertThat(other.getStatus()).isEqualTo(404);
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(ConnectionsApiReadTest.withoutInstance(other.getContentAsString()))
                .isEqualTo(ConnectionsApiReadTest.withoutInstance(unknown.getContentAsString()));
        assertUnchanged(ws, theirs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("byId")
    void aMalformedIdIsBadInputOnIdNeverAServerError(Endpoint endpoint) throws Exception {
        String ws = workspace();
        String existing = addOpenAi(ws, "Main");
        MockHttpServletResponse response =
                call(endpoint.request("not-a-uuid", etag(existing)).with(csrf()).with(manager(ws)));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("id");
        assertUnchanged(ws, existing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withBody")
    void malformedJsonOrNoBodyIsBadInputOnBody(Endpoint endpoint) throws Exception {
        String ws = workspace();
        String existing = addOpenAi(ws, "Main");
        for (String body : List.of("{\"name\": ", "[1,2]", "")) {
            Endpoint broken = new Endpoint(endpoint.method(), endpoint.path(), body, true);
            MockHttpServletResponse response = call(broken.request(read(existing, "$.id"), etag(existing))
                    .contentType(MediaType.APPLICATION_JSON)
                    .with(csrf())
                    .with(manager(ws)));
            assertThat(response.getStatus()).as(body).isEqualTo(400);
            assertThat(fields(response)).as(body).containsExactly("body");
        }
        assertUnchanged(ws, existing);
    }

    @Test
    void aSignedInUserWithoutAWorkspaceIsNotSignedInForTheApi() throws Exception {
        RequestPostProcessor noWorkspace =
                user("nomad").authorities(new SimpleGrantedAuthority(SpringSecurityConnectionsAccess.MANAGE));
        assertThat(call(get("/me").with(noWorkspace)).getStatus()).isEqualTo(401);
    }

    @Test
    void aUserWithoutAnyConnectionsAuthorityMayNotView() throws Exception {
        String ws = workspace();
        RequestPostProcessor stranger =
                user("sam").authorities(new SimpleGrantedAuthority(ApiTestApplication.WORKSPACE_AUTHORITY + ws));
        assertThat(call(get("/apps").with(stranger)).getStatus()).isEqualTo(403);
        assertThat(read(call(get("/me").with(stranger)).getContentAsString(), "$.allowed"))
                .isEqualTo("[]");
    }

    @Test
    void rolesAndSingleActionAuthoritiesAllowJustTheirActions() throws Exception {
        String ws = workspace();
        RequestPostProcessor adder = user("adam")
                .authorities(
                        new SimpleGrantedAuthority("ROLE_CONNECTIONS_VIEW"),
                        new SimpleGrantedAuthority("CONNECTIONS_ADD"),
                        new SimpleGrantedAuthority(ApiTestApplication.WORKSPACE_AUTHORITY + ws));
        MockHttpServletResponse added =
                call(post("/apps/openai/connections", ADD).with(adder));
        assertThat(added.getStatus()).isEqualTo(201);
        String id = read(added.getContentAsString(), "$.id");
        assertThat(call(get("/connections/{id}", id).with(adder)).getStatus()).isEqualTo(200);
        assertThat(call(delete("/connections/{id}", id)
                                .header("If-Match", added.getHeader("ETag"))
                                .with(adder))
                        .getStatus())
                .isEqualTo(403);
    }

    @Test
    void writesNameTheCallerInEventsAndTheAuditLine() throws Exception {
        String ws = workspace();
        String added = addOpenAi(ws, "Audited");
        call(patch("/connections/{id}", "{\"name\":\"Audited again\"}", read(added, "$.id"))
                .header("If-Match", etag(added))
                .with(manager(ws)));
        List<ConnectionEvent> mine = ApiTestApplication.EVENTS.stream()
                .filter(e -> e.workspace().value().equals(ws))
                .toList();
        assertThat(mine).hasSize(2).allMatch(e -> e.actor().id().equals("alice"));
        assertThat(auditLines()).anyMatch(line -> line.contains("workspace=" + ws) && line.contains("by=alice"));
    }

    /** The connection still exists, unchanged, and is its workspace's only one. */
    private void assertUnchanged(String ws, String existing) throws Exception {
        String now = call(get("/connections/{id}", read(existing, "$.id")).with(viewer(ws)))
                .getContentAsString();
        assertThat(read(now, "$.version")).isEqualTo(read(existing, "$.version"));
        assertThat(read(now, "$.name")).isEqualTo(read(existing, "$.name"));
        assertThat(read(now, "$.status.state")).isEqualTo("UNKNOWN");
        assertThat(read(call(get("/apps").with(viewer(ws))).getContentAsString(), "$.total"))
                .isEqualTo("1");
    }
}

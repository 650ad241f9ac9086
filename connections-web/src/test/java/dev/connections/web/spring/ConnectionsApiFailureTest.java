package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.connections.Connections;
import dev.connections.error.OutcomeUnknownException;
import dev.connections.error.StorageException;
import dev.connections.id.Actor;
import dev.connections.id.WorkspaceId;
import dev.connections.web.Caller;
import dev.connections.web.WebAction;
import dev.connections.web.api.ConnectionsApi;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * When storage fails the API says so with 503 and a clear detail, never the driver's words; anything
 * unexpected is a 500 that repeats nothing either.
 */
class ConnectionsApiFailureTest {
    private static final String DRIVER_TEXT = "FATAL: password authentication failed for user sk-driver-detail";

    private final Connections connections = mock(Connections.class);
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(
                    new ConnectionsApiController(new ConnectionsApi(connections), "/api/connections"))
            .setControllerAdvice(new ConnectionsApiProblems())
            .setCustomArgumentResolvers(new CallerArgumentResolver(request -> Optional.of(
                    new Caller(WorkspaceId.of("acme"), Actor.of("alice", "Alice"), EnumSet.allOf(WebAction.class)))))
            .build();

    @Test
    void aStorageFailureIs503AndHidesTheDriversMessage() throws Exception {
        when(connections.connectedApps(any(WorkspaceId.class)))
                .thenThrow(
                        new StorageException("The database is unreachable.", new IllegalStateException(DRIVER_TEXT)));
        MockHttpServletResponse response = get("/api/connections/apps");
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString())
                .contains("storage-unavailable")
                .doesNotContain("sk-driver-detail");
    }

    @Test
    void anUnknownOutcomeIs503SayingToReloadBeforeRepeating() throws Exception {
        when(connections.as(any(Actor.class))).thenReturn(connections);
        when(connections.importConnections(any(), any()))
                .thenThrow(
                        new OutcomeUnknownException("Lost while committing.", new IllegalStateException(DRIVER_TEXT)));
        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders.post("/api/connections/imports")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"items\":[{\"integrationId\":\"openai\",\"name\":\"A\",\"apiKey\":\"sk-x\"}]}"))
                .andReturn()
                .getResponse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString())
                .contains("outcome-unknown")
                .contains("reload")
                .doesNotContain("sk-driver-detail");
    }

    @Test
    void anythingUnexpectedIs500AndRepeatsNothing() throws Exception {
        when(connections.exploreIntegrations(any(), any())).thenThrow(new IllegalStateException(DRIVER_TEXT));
        MockHttpServletResponse response = get("/api/connections/integrations?q=x");
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentAsString()).contains("internal-error").doesNotContain("sk-driver-detail");
    }

    private MockHttpServletResponse get(String path) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(path)).andReturn().getResponse();
    }
}

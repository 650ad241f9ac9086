package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** The API's reads: who am I, connected apps, the catalog, an app's connections, one connection. */
class ConnectionsApiReadTest extends ApiTestSupport {

    @Test
    void meSaysTheWorkspaceTheActorAndTheAllowedActions() throws Exception {
        String ws = workspace();
        MockHttpServletResponse manager = call(get("/me").with(manager(ws)));
        assertThat(manager.getStatus()).isEqualTo(200);
        assertThat(manager.getContentType()).startsWith("application/json");
        assertThat(read(manager.getContentAsString(), "$.workspace")).isEqualTo(ws);
        assertThat(read(manager.getContentAsString(), "$.actor.id")).isEqualTo("alice");
        assertThat(JsonPath.<List<String>>read(manager.getContentAsString(), "$.allowed"))
                .containsExactly("VIEW", "ADD", "EDIT", "SET_DEFAULT", "DELETE", "TEST");

        MockHttpServletResponse viewer = call(get("/me").with(viewer(ws)));
        assertThat(JsonPath.<List<String>>read(viewer.getContentAsString(), "$.allowed"))
                .containsExactly("VIEW");
    }

    @Test
    void appsListsConnectedAppsWithCountsPagedWithTheTotal() throws Exception {
        String ws = workspace();
        addOpenAi(ws, "First");
        addOpenAi(ws, "Second");
        call(post("/apps/slack/connections", "{\"name\":\"Bot\",\"apiKey\":\"xoxb-" + CANARY + "-1\"}")
                .with(manager(ws)));

        String all = call(get("/apps").with(viewer(ws))).getContentAsString();
        assertThat(read(all, "$.total")).isEqualTo("2");
        assertThat(JsonPath.<List<String>>read(all, "$.items[*].integrationId")).containsExactly("openai", "slack");
        assertThat(read(all, "$.items[0].name")).isEqualTo("OpenAI");
        assertThat(read(all, "$.items[0].connectionCount")).isEqualTo("2");
        assertThat(read(all, "$.items[0].custom")).isEqualTo("false");
        assertThat(read(all, "$.items[0].needsAttention")).isEqualTo("false");

        String second = call(get("/apps?limit=1&offset=1").with(viewer(ws))).getContentAsString();
        assertThat(read(second, "$.total")).isEqualTo("2");
        assertThat(JsonPath.<List<String>>read(second, "$.items[*].integrationId"))
                .containsExactly("slack");
    }

    @Test
    void appsRefusesBadPagingWithFieldErrors() throws Exception {
        MockHttpServletResponse response = call(get("/apps?limit=0&offset=-1").with(viewer(workspace())));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(fields(response)).containsExactly("limit", "offset");

        MockHttpServletResponse notANumber = call(get("/apps?limit=many").with(viewer(workspace())));
        assertThat(notANumber.getStatus()).isEqualTo(400);
        assertThat(fields(notANumber)).containsExactly("limit");
        assertThat(notANumber.getContentAsString()).doesNotContain("many");
    }

    @Test
    void anAppWhoseDefaultKeyWasRejectedNeedsAttention() throws Exception {
        String ws = workspace();
        String connection = call(post(
                                "/apps/openai/connections", "{\"name\":\"Old\",\"apiKey\":\"" + REJECTED_KEY + "\"}")
                        .with(manager(ws)))
                .getContentAsString();
        call(post("/connections/{id}/test", "", read(connection, "$.id")).with(manager(ws)));

        String apps = call(get("/apps").with(viewer(ws))).getContentAsString();
        assertThat(read(apps, "$.items[0].needsAttention")).isEqualTo("true");
    }

    @Test
    void integrationsSearchesTheCatalogBestFirstAndSaysWhatIsConnected() throws Exception {
        String ws = workspace();
        addOpenAi(ws, "Main");
        String found = call(get("/integrations?q=openai").with(viewer(ws))).getContentAsString();
        assertThat(read(found, "$.items[0].id")).isEqualTo("openai");
        assertThat(read(found, "$.items[0].name")).isEqualTo("OpenAI");
        assertThat(read(found, "$.items[0].connected")).isEqualTo("true");
        assertThat(JsonPath.<List<String>>read(found, "$.items[0].categories")).contains("AI");

        String all = call(get("/integrations?limit=5").with(viewer(ws))).getContentAsString();
        assertThat(JsonPath.<List<Object>>read(all, "$.items")).hasSize(5);
        assertThat(Integer.parseInt(read(all, "$.total"))).isGreaterThan(50);

        String nothing =
                call(get("/integrations?q=zzqqxxnothing").with(viewer(ws))).getContentAsString();
        assertThat(read(nothing, "$.total")).isEqualTo("0");
    }

    @Test
    void integrationsRefusesAnOverlongQuery() throws Exception {
        MockHttpServletResponse response =
                call(get("/integrations").param("q", "x".repeat(201)).with(viewer(workspace())));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("q");
    }

    @Test
    void integrationDescribesTheAddForm() throws Exception {
        String algolia =
                call(get("/integrations/algolia").with(viewer(workspace()))).getContentAsString();
        assertThat(read(algolia, "$.id")).isEqualTo("algolia");
        assertThat(read(algolia, "$.name")).isEqualTo("Algolia");
        assertThat(read(algolia, "$.custom")).isEqualTo("false");
        assertThat(read(algolia, "$.docsUrl")).startsWith("https://");
        assertThat(read(algolia, "$.settings[0].name")).isEqualTo("applicationId");
        assertThat(read(algolia, "$.settings[0].label")).isEqualTo("Application ID");
        assertThat(read(algolia, "$.settings[0].required")).isEqualTo("true");
        assertThat(JsonPath.<Object>read(algolia, "$.settings[0].description")).isNull();

        String openai =
                call(get("/integrations/openai").with(viewer(workspace()))).getContentAsString();
        assertThat(read(openai, "$.keyFormat")).contains("sk-");
    }

    @Test
    void withoutTheHostsOAuthClientsNoAppIsOfferedForOAuth() throws Exception {
        // Slack's catalog entry declares OAuth 2.0, but this host registered no client: keys only, no dead button.
        String ws = workspace();
        assertThat(read(call(get("/integrations/slack").with(viewer(ws))).getContentAsString(), "$.oauth"))
                .isEqualTo("null");
        String found = call(get("/integrations?q=slack").with(viewer(ws))).getContentAsString();
        assertThat(JsonPath.<List<List<String>>>read(found, "$.items[?(@.id == 'slack')].oauthGrants"))
                .containsExactly(List.of());
        MockHttpServletResponse refused = call(
                post("/apps/slack/oauth/authorizations", "{\"name\":\"Bot\"}").with(manager(ws)));
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(fields(refused)).containsExactly("integrationId");
    }

    @Test
    void anUnknownIntegrationIsNotFoundAndAMalformedOneIsBadInput() throws Exception {
        MockHttpServletResponse unknown = call(get("/integrations/no-such-app").with(viewer(workspace())));
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(unknown.getContentType()).startsWith("application/problem+json");
        assertThat(read(unknown.getContentAsString(), "$.status")).isEqualTo("404");
        assertThat(read(unknown.getContentAsString(), "$.title")).isEqualTo("Not Found");

        MockHttpServletResponse malformed = call(get("/integrations/NOT_A_SLUG").with(viewer(workspace())));
        assertThat(malformed.getStatus()).isEqualTo(400);
        assertThat(fields(malformed)).containsExactly("integrationId");
    }

    @Test
    void connectionsListsAnAppsConnectionsDefaultFirstWithStatusAndNoKey() throws Exception {
        String ws = workspace();
        String first = addOpenAi(ws, "Zulu");
        addOpenAi(ws, "Alpha");
        call(post("/connections/{id}/test", "", read(first, "$.id")).with(manager(ws)));

        String list = call(get("/apps/openai/connections").with(viewer(ws))).getContentAsString();
        assertThat(JsonPath.<List<String>>read(list, "$.items[*].name")).containsExactly("Zulu", "Alpha");
        assertThat(read(list, "$.items[0].default")).isEqualTo("true");
        assertThat(read(list, "$.items[1].default")).isEqualTo("false");
        assertThat(read(list, "$.items[0].keyHint")).isEqualTo("…0042");
        assertThat(read(list, "$.items[0].kind")).isEqualTo("api_key");
        assertThat(JsonPath.<Object>read(list, "$.items[0].oauth")).isNull();
        assertThat(read(list, "$.items[0].status.state")).isEqualTo("VALID");
        assertThat(read(list, "$.items[0].status.checkedAt")).isNotEqualTo("null");
        assertThat(read(list, "$.items[1].status.state")).isEqualTo("UNKNOWN");
        assertThat(JsonPath.<Object>read(list, "$.items[1].status.lastUsedAt")).isNull();
        assertThat(read(list, "$.items[0].integrationId")).isEqualTo("openai");
        assertThat(read(list, "$.items[0].createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void connectionsOfAnUnconnectedAppIsEmptyAndOfAnUnknownAppNotFound() throws Exception {
        String ws = workspace();
        String empty = call(get("/apps/openai/connections").with(viewer(ws))).getContentAsString();
        assertThat(JsonPath.<List<Object>>read(empty, "$.items")).isEmpty();
        assertThat(call(get("/apps/no-such-app/connections").with(viewer(ws))).getStatus())
                .isEqualTo(404);
    }

    @Test
    void connectionSendsTheVersionAsETag() throws Exception {
        String ws = workspace();
        String added = addOpenAi(ws, "Main");
        MockHttpServletResponse response =
                call(get("/connections/{id}", read(added, "$.id")).with(viewer(ws)));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(read(response.getContentAsString(), "$.name")).isEqualTo("Main");
        assertThat(read(response.getContentAsString(), "$.version")).isEqualTo("1");
    }

    @Test
    void anUnknownConnectionAndAnotherWorkspacesGiveTheSame404() throws Exception {
        String ws = workspace();
        String theirs = read(addOpenAi(workspace(), "Theirs"), "$.id");
        MockHttpServletResponse other = call(get("/connections/{id}", theirs).with(viewer(ws)));
        MockHttpServletResponse unknown = call(
                get("/connections/{id}", "7b0c6f7e-8a1d-4c2e-9f3a-2d4b6c8e0a1f").with(viewer(ws)));
        assertThat(other.getStatus()).isEqualTo(404);
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(withoutInstance(other.getContentAsString()))
                .isEqualTo(withoutInstance(unknown.getContentAsString()));
        assertThat(withoutInstance(other.getContentAsString())).doesNotContain(theirs);
        assertThat(read(other.getContentAsString(), "$.type")).isEqualTo("about:blank");
        assertThat(read(other.getContentAsString(), "$.detail")).isNotBlank();
    }

    @Test
    void aMalformedConnectionIdIsBadInputNeverAServerError() throws Exception {
        MockHttpServletResponse response =
                call(get("/connections/{id}", "not-a-uuid").with(viewer(workspace())));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("id");
    }

    /** The problem without its {@code instance} (the request's path, which names the id asked for). */
    static String withoutInstance(String problem) {
        return problem.replaceAll("\"instance\":\"[^\"]*\",?", "");
    }
}

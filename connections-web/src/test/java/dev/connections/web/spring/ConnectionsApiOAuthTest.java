package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;

import com.jayway.jsonpath.JsonPath;
import dev.connections.Connections;
import dev.connections.error.ReconnectRequiredException;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.tck.TckOAuthCatalog;
import dev.connections.tck.TckOAuthProvider;
import dev.connections.tck.TickingClock;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The OAuth 2.0 endpoints against the TCK's in-JVM authorization server: views say which apps connect by
 * OAuth and what a connection's grant is (never a token); starting, the callback with every way it can fail
 * (each storing nothing), client credentials, needs-reconnect and Reconnect, and deletion with revocation.
 * Every token the provider issued and the client secret are looked for in every response at the end.
 */
@SpringBootTest(classes = {ApiTestApplication.class, OAuthTestHost.class})
class ConnectionsApiOAuthTest extends ApiTestSupport {
    private static final String DOCS = TckOAuthCatalog.DOCS.value();
    private static final String M2M = TckOAuthCatalog.M2M.value();
    /** What the TCK provider's tokens look like ("at-12-…", "rt-13-…"). */
    private static final Pattern TOKEN = Pattern.compile("\\b(at|rt)-[0-9]+-[A-Za-z0-9_-]{16}");
    /** Access tokens handed out by the trigger path during the tests, to look for in every response. */
    private static final List<String> TOKENS_SEEN = new ArrayList<>();

    @Autowired
    TckOAuthProvider provider;

    @Autowired
    TickingClock clock;

    @Autowired
    Connections connections;

    @AfterAll
    static void noTokenOrClientSecretWasShown() {
        List<String> responses = responses();
        assertThat(responses).isNotEmpty();
        assertThat(responses).noneMatch(text -> TOKEN.matcher(text).find());
        assertThat(responses).noneMatch(text -> text.contains(OAuthTestHost.CLIENT_SECRET));
        for (String token : TOKENS_SEEN) {
            assertThat(responses).noneMatch(text -> text.contains(token));
        }
    }

    // ---- views ------------------------------------------------------------------------------------------

    @Test
    void integrationsSayWhichGrantsTheyCanBeConnectedWithHere() throws Exception {
        String ws = workspace();
        String docs = call(get("/integrations/{id}", DOCS).with(manager(ws))).getContentAsString();
        assertThat(JsonPath.<List<String>>read(docs, "$.oauth.grants")).containsExactly("AUTHORIZATION_CODE");
        assertThat(JsonPath.<List<String>>read(docs, "$.oauth.scopes")).containsExactly("docs.read", "docs.write");
        assertThat(JsonPath.<Boolean>read(docs, "$.oauth.revokes")).isTrue();
        OpenApiDocumentTest.assertMatches("Integration", docs);
        OpenApiDocumentTest.assertMatches(
                "IntegrationOAuth", OpenApiDocumentTest.node(docs).get("oauth").toString());

        String m2m = call(get("/integrations/{id}", M2M).with(manager(ws))).getContentAsString();
        assertThat(JsonPath.<List<String>>read(m2m, "$.oauth.grants")).containsExactly("CLIENT_CREDENTIALS");
        assertThat(JsonPath.<Boolean>read(m2m, "$.oauth.revokes")).isFalse();

        // Keys only; and Slack declares OAuth 2.0 but this host registered no client for it.
        assertThat(read(call(get("/integrations/openai").with(manager(ws))).getContentAsString(), "$.oauth"))
                .isEqualTo("null");
        assertThat(read(call(get("/integrations/slack").with(manager(ws))).getContentAsString(), "$.oauth"))
                .isEqualTo("null");

        String found = call(get("/integrations?q=Docs Cloud").with(manager(ws))).getContentAsString();
        assertThat(JsonPath.<List<List<String>>>read(found, "$.items[?(@.id == '" + DOCS + "')].oauthGrants"))
                .containsExactly(List.of("AUTHORIZATION_CODE"));
    }

    // ---- authorization code ---------------------------------------------------------------------------

    @Test
    void theCodeFlowMakesAnOAuthConnectionAndTheCallbackSendsTheBrowserBackToItsApp() throws Exception {
        String ws = workspace();
        MockHttpServletResponse started =
                call(post("/apps/{app}/oauth/authorizations", "{\"name\":\"Team docs\"}", DOCS)
                        .with(manager(ws)));
        assertThat(started.getStatus()).as(started.getContentAsString()).isEqualTo(200);
        OpenApiDocumentTest.assertMatches("AuthorizationStart", started.getContentAsString());
        URI url = URI.create(read(started.getContentAsString(), "$.authorizationUrl"));
        assertThat(url.toString())
                .startsWith("https://auth.docs.example/authorize?")
                .contains("code_challenge=");
        assertThat(connectionsOf(ws, DOCS))
                .as("nothing stored before the callback")
                .isEmpty();

        String code = provider.approve(url);
        MockHttpServletResponse back = callback(manager(ws), "state", state(url), "code", code);

        assertThat(back.getStatus()).isEqualTo(303);
        assertThat(back.getHeader("Cache-Control")).contains("no-store");
        assertThat(back.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        String list =
                call(get("/apps/{app}/connections", DOCS).with(manager(ws))).getContentAsString();
        String id = read(list, "$.items[0].id");
        assertThat(back.getRedirectedUrl())
                .isEqualTo("/settings/connections#/apps/" + DOCS + "?oauth=connected&connection=" + id);

        String connection = call(get("/connections/{id}", id).with(manager(ws))).getContentAsString();
        assertThat(read(connection, "$.name")).isEqualTo("Team docs");
        assertThat(read(connection, "$.kind")).isEqualTo("oauth");
        assertThat(read(connection, "$.keyHint")).isEqualTo("null");
        assertThat(read(connection, "$.default")).isEqualTo("true");
        assertThat(read(connection, "$.oauth.grantType")).isEqualTo("AUTHORIZATION_CODE");
        assertThat(read(connection, "$.oauth.status")).isEqualTo("ACTIVE");
        assertThat(read(connection, "$.oauth.accessTokenExpiresAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(JsonPath.<List<String>>read(connection, "$.oauth.scopes"))
                .containsExactly("docs.read", "docs.write");
        OpenApiDocumentTest.assertMatches("Connection", connection);
        OpenApiDocumentTest.assertMatches(
                "OAuthGrant", OpenApiDocumentTest.node(connection).get("oauth").toString());

        // The trigger path hands out a token the provider accepts; the API never shows it.
        String token = connections
                .resolveDefault(WorkspaceId.of(ws), TckOAuthCatalog.DOCS)
                .withKey(Secret::reveal);
        assertThat(provider.accepts(token)).isTrue();
        TOKENS_SEEN.add(token);
    }

    @Test
    void startingIsRefusedWithFieldErrorsForABadNameOrAnAppWithoutOAuthAndForViewers() throws Exception {
        String ws = workspace();
        MockHttpServletResponse blank = call(post("/apps/{app}/oauth/authorizations", "{\"name\":\" \"}", DOCS)
                .with(manager(ws)));
        assertThat(blank.getStatus()).isEqualTo(400);
        assertThat(fields(blank)).containsExactly("name");

        MockHttpServletResponse keysOnly = call(
                post("/apps/openai/oauth/authorizations", "{\"name\":\"x\"}").with(manager(ws)));
        assertThat(keysOnly.getStatus()).isEqualTo(400);
        assertThat(fields(keysOnly)).containsExactly("integrationId");

        MockHttpServletResponse wrongGrant = call(post("/apps/{app}/oauth/authorizations", "{\"name\":\"x\"}", M2M)
                .with(manager(ws)));
        assertThat(wrongGrant.getStatus()).isEqualTo(400);
        assertThat(fields(wrongGrant)).containsExactly("integrationId");

        assertThat(call(post("/apps/{app}/oauth/authorizations", "{\"name\":\"x\"}", DOCS)
                                .with(viewer(ws)))
                        .getStatus())
                .isEqualTo(403);
        assertThat(call(post("/apps/nope/oauth/authorizations", "{\"name\":\"x\"}")
                                .with(manager(ws)))
                        .getStatus())
                .isEqualTo(404);
        // A write without the host's CSRF token never reaches the API.
        assertThat(call(MockMvcRequestBuilders.post(API + "/apps/{app}/oauth/authorizations", DOCS)
                                .contentType("application/json")
                                .content("{\"name\":\"x\"}")
                                .with(manager(ws)))
                        .getStatus())
                .isEqualTo(403);

        connect(ws, "Taken");
        MockHttpServletResponse taken = call(post("/apps/{app}/oauth/authorizations", "{\"name\":\"taken\"}", DOCS)
                .with(manager(ws)));
        assertThat(taken.getStatus()).isEqualTo(409);
        assertThat(read(taken.getContentAsString(), "$.code")).isEqualTo("duplicate-name");
    }

    @Test
    void aDeniedAccessIsAccessDenied() throws Exception {
        String ws = workspace();
        URI url = start(ws, "Denied");
        assertFailure(callback(manager(ws), "state", state(url), "error", "access_denied"), "access-denied");
        assertThat(connectionsOf(ws, DOCS)).isEmpty();
    }

    @Test
    void anotherProviderErrorOrARefusedCodeIsProviderError() throws Exception {
        String ws = workspace();
        URI url = start(ws, "Broken");
        assertFailure(
                callback(
                        manager(ws),
                        "state",
                        state(url),
                        "error",
                        "server_error",
                        "error_description",
                        "<script>alert(1)</script>"),
                "provider-error");

        URI again = start(ws, "Bad code");
        provider.approve(again);
        assertFailure(callback(manager(ws), "state", state(again), "code", "not-the-code"), "provider-error");
        assertThat(connectionsOf(ws, DOCS)).isEmpty();
    }

    @Test
    void anUnknownMissingOrReplayedStateIsUnknownState() throws Exception {
        String ws = workspace();
        assertFailure(callback(manager(ws), "state", "made-up", "code", "x"), "unknown-state");
        assertFailure(callback(manager(ws), "code", "x"), "unknown-state");

        URI url = start(ws, "Once");
        String code = provider.approve(url);
        assertThat(callback(manager(ws), "state", state(url), "code", code).getRedirectedUrl())
                .contains("oauth=connected");
        assertFailure(callback(manager(ws), "state", state(url), "code", code), "unknown-state");
        assertThat(connectionsOf(ws, DOCS)).hasSize(1);
    }

    @Test
    void aStateOlderThanTenMinutesIsExpiredState() throws Exception {
        String ws = workspace();
        URI url = start(ws, "Slow");
        String code = provider.approve(url);
        clock.advance(Duration.ofMinutes(11));
        assertFailure(callback(manager(ws), "state", state(url), "code", code), "expired-state");
        assertThat(connectionsOf(ws, DOCS)).isEmpty();
    }

    @Test
    void aStateStartedByAnotherUserOrInAnotherWorkspaceIsForeignState() throws Exception {
        String ws = workspace();
        URI url = start(ws, "Alice's");
        String code = provider.approve(url);
        assertFailure(callback(otherManager(ws), "state", state(url), "code", code), "foreign-state");

        URI other = start(ws, "Alice's again");
        String otherCode = provider.approve(other);
        String elsewhere = workspace();
        assertFailure(callback(manager(elsewhere), "state", state(other), "code", otherCode), "foreign-state");
        assertThat(connectionsOf(ws, DOCS)).isEmpty();
        assertThat(connectionsOf(elsewhere, DOCS)).isEmpty();
    }

    @Test
    void aCallbackWithoutASignedInUserOrWithoutTheRightOrByHeadIsRefusedWithoutSpendingTheState() throws Exception {
        String ws = workspace();
        URI url = start(ws, "Later");
        String code = provider.approve(url);
        MockHttpServletResponse head = call(MockMvcRequestBuilders.head(API + "/oauth/callback")
                .param("state", state(url))
                .param("code", code)
                .with(manager(ws)));
        assertThat(head.getStatus()).isEqualTo(303);
        assertThat(head.getRedirectedUrl()).isEqualTo("/settings/connections");
        assertFailure(callback(anonymous(), "state", state(url), "code", code), "signed-out");
        assertFailure(callback(viewer(ws), "state", state(url), "code", code), "not-allowed");
        // Neither spent the state: the user who started it still finishes it.
        assertThat(callback(manager(ws), "state", state(url), "code", code).getRedirectedUrl())
                .contains("oauth=connected");
    }

    @Test
    void theCallbackFollowsTheContextPathAndTheConfiguredPagePath() throws Exception {
        String ws = workspace();
        URI url = start(ws, "Prefixed");
        MockHttpServletResponse back = call(MockMvcRequestBuilders.get("/host" + API + "/oauth/callback")
                .contextPath("/host")
                .param("state", state(url))
                .param("error", "access_denied")
                .with(manager(ws)));
        assertThat(back.getRedirectedUrl()).isEqualTo("/host/settings/connections#/?oauth=failed&reason=access-denied");
    }

    // ---- client credentials ---------------------------------------------------------------------------

    @Test
    void clientCredentialsConnectAtOnceAndAProviderRefusalIsABadGateway() throws Exception {
        String ws = workspace();
        MockHttpServletResponse made = call(post("/apps/{app}/oauth/client-credentials", "{\"name\":\"Metrics\"}", M2M)
                .with(manager(ws)));
        assertThat(made.getStatus()).as(made.getContentAsString()).isEqualTo(201);
        assertThat(made.getHeader("Location"))
                .endsWith(API + "/connections/" + read(made.getContentAsString(), "$.id"));
        assertThat(made.getHeader("ETag")).isEqualTo(etag(made.getContentAsString()));
        assertThat(read(made.getContentAsString(), "$.kind")).isEqualTo("oauth");
        assertThat(read(made.getContentAsString(), "$.oauth.grantType")).isEqualTo("CLIENT_CREDENTIALS");
        assertThat(provider.clientCredentialRequests()).isPositive();

        provider.failNext(TckOAuthProvider.Failure.TRANSIENT);
        MockHttpServletResponse refused =
                call(post("/apps/{app}/oauth/client-credentials", "{\"name\":\"Second\"}", M2M)
                        .with(manager(ws)));
        assertThat(refused.getStatus()).isEqualTo(502);
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        assertThat(read(refused.getContentAsString(), "$.code")).isEqualTo("oauth-provider-error");
        assertThat(OpenApiDocumentTest.node(refused.getContentAsString()).propertyNames())
                .isSubsetOf(OpenApiDocumentTest.node(ConnectionsApiDocumentController.read())
                        .get("components")
                        .get("schemas")
                        .get("Problem")
                        .get("properties")
                        .propertyNames());

        MockHttpServletResponse wrongGrant = call(post("/apps/{app}/oauth/client-credentials", "{\"name\":\"x\"}", DOCS)
                .with(manager(ws)));
        assertThat(wrongGrant.getStatus()).isEqualTo(400);
        assertThat(fields(wrongGrant)).containsExactly("integrationId");
        assertThat(connectionsOf(ws, M2M)).hasSize(1);
    }

    // ---- needs reconnect, Reconnect --------------------------------------------------------------------

    @Test
    void aRefusedGrantShowsAsNeedsReconnectAndReconnectKeepsTheConnection() throws Exception {
        String ws = workspace();
        String id = connect(ws, "Refused");
        String key = addDocsKey(ws, "A key");
        provider.revokeAllGrants();
        clock.advance(Duration.ofMinutes(56));
        // The core confirms a first invalid_grant by a second one before flagging the connection (another
        // instance may have spent the refresh token); meanwhile the still-valid access token serves.
        TOKENS_SEEN.add(connections
                .resolveDefault(WorkspaceId.of(ws), TckOAuthCatalog.DOCS)
                .withKey(Secret::reveal));
        clock.advance(Duration.ofSeconds(3));
        // A trigger needing a token finds the grant refused: the connection is flagged.
        assertThatThrownBy(() -> connections
                        .resolveDefault(WorkspaceId.of(ws), TckOAuthCatalog.DOCS)
                        .withKey(Secret::reveal))
                .isInstanceOf(ReconnectRequiredException.class);

        String connection = call(get("/connections/{id}", id).with(manager(ws))).getContentAsString();
        assertThat(read(connection, "$.oauth.status")).isEqualTo("NEEDS_RECONNECT");
        String apps = call(get("/apps").with(manager(ws))).getContentAsString();
        assertThat(read(apps, "$.items[0].needsReconnect")).isEqualTo("true");
        OpenApiDocumentTest.assertMatches(
                "App", OpenApiDocumentTest.node(apps).get("items").get(0).toString());

        // Checking it says what to do; a pasted key cannot stand in for the provider's tokens.
        MockHttpServletResponse tested =
                call(post("/connections/{id}/test", "", id).with(manager(ws)));
        assertThat(tested.getStatus()).as(tested.getContentAsString()).isEqualTo(409);
        assertThat(read(tested.getContentAsString(), "$.code")).isEqualTo("reconnect-required");
        MockHttpServletResponse keyed = call(patch("/connections/{id}", "{\"apiKey\":\"" + KEY + "\"}", id)
                .header("If-Match", etag(connection))
                .with(manager(ws)));
        assertThat(keyed.getStatus()).isEqualTo(400);
        assertThat(fields(keyed)).containsExactly("apiKey");

        assertThat(call(post("/connections/{id}/oauth/reconnect", "", id).with(viewer(ws)))
                        .getStatus())
                .isEqualTo(403);
        MockHttpServletResponse notOAuth =
                call(post("/connections/{id}/oauth/reconnect", "", key).with(manager(ws)));
        assertThat(notOAuth.getStatus()).isEqualTo(400);
        assertThat(fields(notOAuth)).containsExactly("id");

        MockHttpServletResponse started =
                call(post("/connections/{id}/oauth/reconnect", "", id).with(manager(ws)));
        assertThat(started.getStatus()).as(started.getContentAsString()).isEqualTo(200);
        URI url = URI.create(read(started.getContentAsString(), "$.authorizationUrl"));
        MockHttpServletResponse back = callback(manager(ws), "state", state(url), "code", provider.approve(url));
        assertThat(back.getRedirectedUrl()).endsWith("?oauth=connected&connection=" + id);

        String reconnected =
                call(get("/connections/{id}", id).with(manager(ws))).getContentAsString();
        assertThat(read(reconnected, "$.oauth.status")).isEqualTo("ACTIVE");
        assertThat(read(reconnected, "$.name")).isEqualTo("Refused");
        assertThat(read(reconnected, "$.default")).isEqualTo("true");
        assertThat(read(call(get("/apps").with(manager(ws))).getContentAsString(), "$.items[0].needsReconnect"))
                .isEqualTo("false");
        TOKENS_SEEN.add(connections
                .resolveDefault(WorkspaceId.of(ws), TckOAuthCatalog.DOCS)
                .withKey(Secret::reveal));
    }

    // ---- delete with revocation -------------------------------------------------------------------------

    @Test
    void deletingSaysWhetherTheProviderRevokedTheGrant() throws Exception {
        String ws = workspace();
        String revoked = connect(ws, "Revoked");
        int before = provider.revoked().size();
        assertThat(deleted(ws, revoked)).isEqualTo("REVOKED");
        assertThat(provider.revoked()).hasSize(before + 1);

        String failing = connect(ws, "Failing");
        provider.revocationFails(true);
        try {
            assertThat(deleted(ws, failing)).isEqualTo("FAILED");
        } finally {
            provider.revocationFails(false);
        }
        assertThat(connectionsOf(ws, DOCS)).as("deleted here all the same").isEmpty();

        String m2m = read(
                call(post("/apps/{app}/oauth/client-credentials", "{\"name\":\"M\"}", M2M)
                                .with(manager(ws)))
                        .getContentAsString(),
                "$.id");
        assertThat(deleted(ws, m2m)).isEqualTo("NOT_SUPPORTED");
        assertThat(deleted(ws, addDocsKey(ws, "Key"))).isEqualTo("NOT_OAUTH");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private URI start(String ws, String name) throws Exception {
        MockHttpServletResponse started =
                call(post("/apps/{app}/oauth/authorizations", "{\"name\":\"" + name + "\"}", DOCS)
                        .with(manager(ws)));
        assertThat(started.getStatus()).as(started.getContentAsString()).isEqualTo(200);
        return URI.create(read(started.getContentAsString(), "$.authorizationUrl"));
    }

    /** The whole code flow as alice; the new connection's id. */
    private String connect(String ws, String name) throws Exception {
        URI url = start(ws, name);
        String location = callback(manager(ws), "state", state(url), "code", provider.approve(url))
                .getRedirectedUrl();
        assertThat(location).contains("oauth=connected");
        return location.substring(location.indexOf("connection=") + "connection=".length());
    }

    private MockHttpServletResponse callback(RequestPostProcessor user, String... params) throws Exception {
        var request = MockMvcRequestBuilders.get(API + "/oauth/callback").with(user);
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        MockHttpServletResponse response = call(request);
        assertThat(response.getStatus()).isEqualTo(303);
        return response;
    }

    private static void assertFailure(MockHttpServletResponse back, String reason) {
        assertThat(back.getRedirectedUrl()).isEqualTo("/settings/connections#/?oauth=failed&reason=" + reason);
    }

    private List<String> connectionsOf(String ws, String app) throws Exception {
        return JsonPath.read(
                call(get("/apps/{app}/connections", app).with(manager(ws))).getContentAsString(), "$.items[*].id");
    }

    private String addDocsKey(String ws, String name) throws Exception {
        MockHttpServletResponse added =
                call(post("/apps/{app}/connections", "{\"name\":\"" + name + "\",\"apiKey\":\"" + KEY + "\"}", DOCS)
                        .with(manager(ws)));
        assertThat(added.getStatus()).as(added.getContentAsString()).isEqualTo(201);
        assertThat(read(added.getContentAsString(), "$.kind")).isEqualTo("api_key");
        return read(added.getContentAsString(), "$.id");
    }

    private String deleted(String ws, String id) throws Exception {
        String connection = call(get("/connections/{id}", id).with(manager(ws))).getContentAsString();
        MockHttpServletResponse response = call(delete("/connections/{id}", id)
                .header("If-Match", etag(connection))
                .with(manager(ws)));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        OpenApiDocumentTest.assertMatches("Deleted", response.getContentAsString());
        return read(response.getContentAsString(), "$.revocation");
    }

    private static String state(URI url) {
        for (String pair : url.getRawQuery().split("&")) {
            if (pair.startsWith("state=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no state in " + url.getHost());
    }
}
